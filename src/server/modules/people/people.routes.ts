import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../audit';
import { orgUnitPath } from '../org';
import { IdParamSchema, ImportModeSchema, VersionSchema } from '../org/org.schema';
import { XLSX_MIME, writeSheet } from '../../xlsx';
import { PERSON_ROLE_ZH } from '../../../shared/person-roles';
import { PeopleExportQuerySchema, PeopleQuerySchema, PersonCreateSchema, PersonUpdateSchema } from './people.schema';
import { createPerson, getPerson, listPeople, peopleForExport, revealPerson, setPersonArchived, updatePerson } from './people.service';
import { importPeople, peopleTemplate } from './people.import';
import { attachment } from '../../http';

const tags = ['people'];

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/people', { config: { permission: 'read:people' }, schema: { tags, summary: '人员列表（分页、筛选、脱敏）', querystring: PeopleQuerySchema } }, (req) =>
    listPeople(app.ctx, req.actor(), req.query),
  );
  app.get('/api/people/:id', { config: { permission: 'read:people' }, schema: { tags, params: IdParamSchema } }, (req) => getPerson(app.ctx, req.actor(), req.params.id));
  app.post('/api/people', { config: { permission: 'write:people' }, schema: { tags, summary: '登记人员', body: PersonCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createPerson(app.ctx, req.actor(), req.body)),
  );
  app.put('/api/people/:id', { config: { permission: 'write:people' }, schema: { tags, summary: '修改人员（含角色）', params: IdParamSchema, body: PersonUpdateSchema } }, (req) =>
    updatePerson(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/people/:id/archive', { config: { permission: 'write:people' }, schema: { tags, params: IdParamSchema, body: VersionSchema } }, (req) =>
    setPersonArchived(app.ctx, req.actor(), req.params.id, req.body.version, true),
  );
  app.post('/api/people/:id/restore', { config: { permission: 'write:people' }, schema: { tags, params: IdParamSchema, body: VersionSchema } }, (req) =>
    setPersonArchived(app.ctx, req.actor(), req.params.id, req.body.version, false),
  );
  app.post('/api/people/:id/reveal', { config: { permission: 'reveal:people' }, schema: { tags, summary: '查看完整身份证号和手机号（记入审计日志）', params: IdParamSchema } }, (req) =>
    revealPerson(app.ctx, req.actor(), req.params.id),
  );
  app.get('/api/people/import/template', { schema: { tags, summary: '人员导入模板' } }, async (req, reply) => {
    req.actor();
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('人员导入模板.xlsx')).send(await peopleTemplate());
  });
  app.post(
    '/api/people/import',
    { config: { permission: 'import:people' }, schema: { tags, summary: '导入人员（请求体为 .xlsx 文件；mode=preview 预览）', querystring: ImportModeSchema }, bodyLimit: 20 * 1024 * 1024 },
    (req) => importPeople(app.ctx, req.actor(), req.body as Buffer, req.query.mode, req.query.previewToken),
  );
  // A POST, so it carries the CSRF token: a link on another site cannot make a signed-in user
  // download (and be logged as downloading) the registry.
  app.post('/api/people/export', { config: { permission: 'read:people' }, schema: { tags, summary: '导出筛选结果 (.xlsx)；筛选条件同列表', querystring: PeopleExportQuerySchema } }, async (req, reply) => {
    const actor = req.actor();
    const { reveal, ...filter } = req.query;
    const rows = await peopleForExport(app.ctx, actor, filter, reveal);
    // Bulk reads of personal data are sensitive reads: log who took what.
    await app.ctx.db.transaction((tx) =>
      orgUnitPath(tx, actor.orgUnitId).then((path) =>
        recordAudit(tx, actor, {
          action: reveal ? 'people.export_revealed' : 'people.export',
          entityType: 'person',
          orgUnitId: actor.orgUnitId,
          orgPath: path,
          summary: `导出人员名单 ${rows.length} 人${reveal ? '（含完整身份证号和手机号）' : '（脱敏）'}`,
          after: { filter: { ...filter, q: filter.q && /\d{7,}/.test(filter.q) ? '（按身份证号或手机号查找）' : filter.q } },
        }),
      ),
    );
    const file = await writeSheet(
      '人员名单',
      [
        { key: 'name', header: '姓名', width: 12 },
        { key: 'gender', header: '性别', width: 6 },
        { key: 'birthDate', header: '出生日期', width: 12 },
        { key: 'idNumber', header: '身份证号', width: 22 },
        { key: 'phone', header: '手机号', width: 14 },
        { key: 'orgUnitName', header: '所在单位', width: 24 },
        { key: 'roles', header: '人员类别', width: 20 },
      ],
      rows.map((r) => ({ ...r, gender: r.gender === 'male' ? '男' : '女', roles: r.roles.map((x) => PERSON_ROLE_ZH[x]).join('、') })),
    );
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('人员名单.xlsx')).send(file);
  });
};

