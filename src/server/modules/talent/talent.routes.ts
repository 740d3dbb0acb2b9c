import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_MIME } from '../../xlsx';
import { attachment } from '../../http';
import {
  ApplicationCreateSchema,
  ApplicationListQuery,
  ApplicationUpdateSchema,
  EmployerSearchQuery,
  FileParams,
  IdParam,
  PaymentCreateSchema,
  PaymentListQuery,
  PaymentReverseSchema,
  PaymentTotalsQuery,
  ProgrammeCreateSchema,
  ProgrammeUpdateSchema,
  ReviewSchema,
  UploadQuery,
  VersionSchema,
} from './talent.schema';
import { createProgramme, getProgramme, listProgrammes, updateProgramme } from './programmes.service';
import {
  MAX_DOCUMENT_BYTES,
  createApplication,
  myApplication,
  myApplications,
  programmesForMe,
  readMyDocument,
  removeDocument,
  searchEmployers,
  submitApplication,
  updateApplication,
  uploadDocument,
  withdrawApplication,
} from './applications.service';
import { decide, exportApplications, listApplications, readStaffDocument, staffApplication } from './reviews.service';
import { exportPayments, listPayments, paymentTotals, recordPayment, reversePayment } from './payments.service';

const tags = ['talent'];
const selfTags = ['me'];

/** A document sent back inline (PDF or image), never cached by shared caches. */
const sendFile = (reply: import('fastify').FastifyReply, f: { fileName: string; mime: string; bytes: Buffer }) =>
  reply.header('content-type', f.mime).header('content-disposition', attachment(f.fileName, 'inline')).header('cache-control', 'private, max-age=600').header('x-content-type-options', 'nosniff').send(f.bytes);

const routes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.db;

  // ---- programmes (talent office) ----
  app.get('/api/talent/programmes', { config: { permission: 'review:talent' }, schema: { tags, summary: '人才政策列表（本单位、上级和辖区的）' } }, (req) => listProgrammes(db(), req.actor()));
  app.post('/api/talent/programmes', { config: { permission: 'manage:talent' }, schema: { tags, summary: '新建人才政策（申请条件、补助标准、申请材料、申请期）', body: ProgrammeCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createProgramme(db(), req.actor(), req.body)),
  );
  app.get('/api/talent/programmes/:id', { config: { permission: 'review:talent' }, schema: { tags, summary: '人才政策详情', params: IdParam } }, (req) => getProgramme(db(), req.actor(), req.params.id));
  app.patch('/api/talent/programmes/:id', { config: { permission: 'manage:talent' }, schema: { tags, summary: '修改人才政策（带版本号）', params: IdParam, body: ProgrammeUpdateSchema } }, (req) =>
    updateProgramme(db(), req.actor(), req.params.id, req.body),
  );

  // ---- applications (reviewers) ----
  app.get('/api/talent/applications', { config: { permission: 'review:talent' }, schema: { tags, summary: '人才申请审核列表（按政策、状态、环节筛选；actionable=true 只看待我审核的）', querystring: ApplicationListQuery } }, (req) =>
    listApplications(db(), req.actor(), req.query),
  );
  app.post('/api/talent/applications/export', { config: { permission: 'review:talent' }, schema: { tags, summary: '导出人才申请 (.xlsx，个人信息脱敏)；筛选条件同列表', querystring: ApplicationListQuery } }, async (req, reply) => {
    const { fileName, file } = await exportApplications(db(), req.actor(), req.query);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
  });
  app.get('/api/talent/applications/:id', { config: { permission: 'review:talent' }, schema: { tags, summary: '人才申请详情（材料、审核记录、发放记录、当前可作的决定）', params: IdParam } }, (req) =>
    staffApplication(db(), req.actor(), req.params.id),
  );
  app.get('/api/talent/applications/:id/files/:fileId', { config: { permission: 'review:talent' }, schema: { tags, summary: '查看申请材料（记入审计日志）', params: FileParams } }, async (req, reply) =>
    sendFile(reply, await readStaffDocument(app.ctx, req.actor(), req.params.id, req.params.fileId)),
  );
  app.post(
    '/api/talent/applications/:id/review',
    { config: { permission: 'review:talent' }, schema: { tags, summary: '审核决定：通过、不予通过（须说明理由）、退回修改（须说明理由）；评审委员会通过时核定补助金额', params: IdParam, body: ReviewSchema } },
    (req) => decide(db(), req.actor(), req.params.id, req.body),
  );

  // ---- payments (talent office) ----
  app.get('/api/talent/payments', { config: { permission: 'manage:talent' }, schema: { tags, summary: '补助发放台账（含合计）', querystring: PaymentListQuery } }, (req) => listPayments(db(), req.actor(), req.query));
  app.post('/api/talent/payments/export', { config: { permission: 'manage:talent' }, schema: { tags, summary: '导出补助发放台账 (.xlsx)', querystring: PaymentListQuery } }, async (req, reply) => {
    const { fileName, file } = await exportPayments(db(), req.actor(), req.query);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment(fileName)).send(file);
  });
  app.get('/api/talent/payments/totals', { config: { permission: 'manage:talent' }, schema: { tags, summary: '各政策按月、季、半年、年的发放合计', querystring: PaymentTotalsQuery } }, (req) =>
    paymentTotals(db(), req.actor(), req.query),
  );
  app.post('/api/talent/payments', { config: { permission: 'manage:talent' }, schema: { tags, summary: '登记一笔补助发放（不超过核定金额减已发放）', body: PaymentCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await recordPayment(db(), req.actor(), req.body)),
  );
  app.post('/api/talent/payments/:id/reverse', { config: { permission: 'manage:talent' }, schema: { tags, summary: '冲销一笔发放（新增一条负数记录，原记录保留）', params: IdParam, body: PaymentReverseSchema } }, async (req, reply) =>
    reply.code(201).send(await reversePayment(db(), req.actor(), req.params.id, req.body)),
  );

  // ---- the applicant's own applications (personal account) ----
  app.get('/api/me/talent-programmes', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '可申请的人才政策（含本人已有的申请）' } }, (req) => programmesForMe(db(), req.actor()));
  app.get('/api/me/employers', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '按名称查找用人单位（填写申请用）', querystring: EmployerSearchQuery } }, (req) =>
    searchEmployers(db(), req.actor(), req.query.q),
  );
  app.get('/api/me/applications', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '我的人才申请' } }, (req) => myApplications(db(), req.actor()));
  app.post('/api/me/applications', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '起草一份申请（保存为草稿）', body: ApplicationCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createApplication(app.ctx, req.actor(), req.body)),
  );
  app.get('/api/me/applications/:id', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '我的申请详情（材料、审核意见）', params: IdParam } }, (req) => myApplication(db(), req.actor(), req.params.id));
  app.put('/api/me/applications/:id', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '保存草稿或退回后修改（带版本号）', params: IdParam, body: ApplicationUpdateSchema } }, (req) =>
    updateApplication(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/me/applications/:id/submit', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '提交申请（检查填写完整、申请条件和申请材料）', params: IdParam, body: VersionSchema } }, (req) =>
    submitApplication(app.ctx, req.actor(), req.params.id, req.body.version),
  );
  app.post('/api/me/applications/:id/withdraw', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '撤回草稿或退回的申请', params: IdParam, body: VersionSchema } }, (req) =>
    withdrawApplication(app.ctx, req.actor(), req.params.id, req.body.version),
  );
  app.get('/api/me/applications/:id/files/:fileId', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '查看本人上传的申请材料', params: FileParams } }, async (req, reply) =>
    sendFile(reply, await readMyDocument(app.ctx, req.actor(), req.params.id, req.params.fileId)),
  );
  app.post('/api/me/applications/:id/files/:fileId/remove', { config: { permission: 'self:service' }, schema: { tags: selfTags, summary: '删除一份申请材料（草稿或退回修改时）', params: FileParams } }, (req) =>
    removeDocument(app.ctx, req.actor(), req.params.id, req.params.fileId),
  );

  // Uploads arrive as the raw request body in a scope of their own, so the parsers added here
  // (any type: the content is recognised by its bytes) apply to this route only.
  await app.register(async (upload) => {
    // Whatever the browser calls the file (a .docx, a photo from a phone): its bytes decide.
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES + 1024 * 1024 }, (_req, body, done) => done(null, body));
    upload.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post(
      '/api/me/applications/:id/files',
      {
        config: { permission: 'self:service' },
        bodyLimit: MAX_DOCUMENT_BYTES + 1024 * 1024,
        schema: { tags: selfTags, summary: '上传申请材料（请求体为文件本身：PDF/JPEG/PNG，按内容识别，≤10 MB）', params: IdParam, querystring: UploadQuery },
      },
      async (req, reply) => {
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        return reply.code(201).send(await uploadDocument(app.ctx, req.actor(), req.params.id, { docKey: req.query.docKey, fileName: req.query.name, bytes }));
      },
    );
  });
};

export const talentRoutes = fp(routes, { name: 'talent-routes' });
