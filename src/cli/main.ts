import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config';
import type { Actor, AppContext } from '../server/context';
import { startServer } from '../server/main';
import { openRuntime } from '../server/runtime';
import { openDatabase, queryRows } from '../server/db/client';
import { DEMO_PASSWORD, isEmpty, seedDemo } from '../server/db/demo/demo-county';
import { createUserAsSystem } from '../server/modules/auth';
import { importPeople } from '../server/modules/people';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../shared/roles';
import { passwordProblem } from '../shared/password-policy';
import type { ImportMode } from '../server/import-flow';
import { backup, backupDigest, restore } from '../server/ops/backup';
import { keyringCrypto, reencryptSealedColumns, rotatedKeyring } from '../server/ops/key-rotation';
import { partitionLedger } from '../server/ops/ledger-partitions';
import { partitionAudit } from '../server/ops/audit-partitions';
import { loadKeyring, writeKeyringFile } from '../server/secrets';
import { reportExtract } from './report-extract';
import { reportCheck } from './report-check';
import { parseGenerateOptions, reportGenerate } from './report-generate';
import { fileMailer, sendDueDigests } from '../server/modules/digest';
import { archiveAuditEvents, auditWorkbook, AuditFilterSchema, exportAuditEvents, MIN_AUDIT_RETENTION_DAYS } from '../server/modules/audit';

const HELP = `丽州 lizhou — 命令

  lizhou start [--no-seed]              启动平台（空库时自动载入演示县）
  lizhou migrate                        执行数据库迁移
  lizhou seed demo [--reset]            载入演示县（非空库需 --reset，将清空全部数据）
  lizhou import people FILE.xlsx [--mode valid-only|all-or-nothing|preview] [--unit 单位编码]
  lizhou backup [FILE] [--without-key]   备份数据库与数据目录中的文件（内置库请先停止服务）
  lizhou restore FILE [--overwrite-files] 恢复到空库，并逐表核对行数与校验和
  lizhou report extract FILE.txt|FILE.docx [--json]  列出综述中的数字表述（数量、增减、排名、荣誉）
  lizhou report check DRAFT.txt|DRAFT.docx [--year 2022] [--unit 单位编码] [--json]
                                        数据核验：逐处核对稿件数字与台账，有不符时退出码为 1
  lizhou report generate --year 2022 --dept org|propaganda|united-front|all --out FILE.docx|.pdf|.html|.txt [--unit 单位编码]
                                        按模板生成年度综述（all：每个部门一个文件）；有无法生成的数据槽时退出码为 1
  lizhou digest send                    发送到期的每周简报（服务运行时每小时自动发送）
  lizhou audit export --out FILE.xlsx|FILE.jsonl [--from 2026-01-01] [--to 2026-06-30]
                                        导出审计日志（全县；单次至多10万条，导出本身记入日志）
  lizhou audit archive [--retention-days 365] [--out 目录]
                                        将超过保留期（至少180天）的审计日志写入归档文件后移出数据库
  lizhou partition-ledger                活动、事项台账按年分区（市、省级部署的多年数据；县级不需要），一次性，可重复执行
  lizhou partition-audit                 审计日志按月分区（市、省级部署；归档时整月移出而非逐条删除），一次性，可重复执行
  lizhou keys rotate [--new-key 64位十六进制]
                                        轮换身份证号、手机号的加密密钥：旧密钥保留为可解密，全部字段用新密钥重新加密（可重复执行）
  lizhou user create --username U --name 姓名 --unit 单位编码 --role 角色 [--password P]
        角色：${ROLES.join(' | ')}

环境变量：LIZHOU_DATA_DIR（数据目录）、DATABASE_URL（PostgreSQL）、PORT、HOST`;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      reset: { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      dev: { type: 'boolean' },
      mode: { type: 'string' },
      unit: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'without-key': { type: 'boolean' },
      'overwrite-files': { type: 'boolean' },
      json: { type: 'boolean' },
      year: { type: 'string' },
      dept: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'retention-days': { type: 'string' },
      'new-key': { type: 'string' },
    },
  });
  const [cmd, sub, arg] = positionals;
  if (values.help || !cmd) return console.log(HELP);
  if (cmd === 'report' && sub === 'extract') return reportExtract(arg, Boolean(values.json));
  if (cmd === 'report' && sub === 'generate') parseGenerateOptions(values);
  const config = loadConfig();
  if (cmd === 'report' && sub === 'check') {
    process.exitCode = await reportCheck(config, arg, { year: values.year, json: Boolean(values.json), unit: values.unit });
    return;
  }
  if (cmd === 'report' && sub === 'generate') {
    process.exitCode = await reportGenerate(config, { year: values.year, dept: values.dept, out: values.out, unit: values.unit });
    return;
  }

  if (cmd === 'start') {
    await startServer(config, { seedIfEmpty: !values['no-seed'] });
    return;
  }
  if (cmd === 'migrate') {
    const { database } = await openRuntime(config);
    console.log(`迁移完成（${database.location}）`);
    return database.close();
  }
  if (cmd === 'seed' && sub === 'demo') {
    if (values.reset) await resetDatabase(config);
    const { ctx, database } = await openRuntime(config);
    try {
      if (!(await isEmpty(ctx))) {
        console.log('数据库非空，未做任何更改。如需清空并重新载入演示县，请加 --reset');
        process.exitCode = 1;
        return;
      }
      const bar = new SingleBar({ format: '  {step} [{bar}] {value}/{total}' }, Presets.shades_classic);
      let barOn = false;
      const t0 = Date.now();
      const r = await seedDemo(ctx, {
        onStep: (step, done, total) => {
          if (total) {
            if (!barOn) bar.start(total, 0, { step });
            barOn = true;
            bar.update(done!, { step });
          } else console.log(`  ${step}…`);
        },
      });
      if (barOn) bar.stop();
      console.log(`演示县已载入：${r.units} 个单位，${r.people} 人（党员 ${r.partyMembers} 名），用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒`);
      console.log(`账号：${r.accounts.map((a) => a.username).join(', ')}；初始密码 ${DEMO_PASSWORD}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'import' && sub === 'people' && arg) {
    const mode = (values.mode ?? 'valid-only') as ImportMode;
    if (!['preview', 'valid-only', 'all-or-nothing'].includes(mode)) throw new Error('--mode 应为 preview、valid-only 或 all-or-nothing');
    const { ctx, database } = await openRuntime(config);
    try {
      const actor = await systemActor(ctx, values.unit);
      const bar = new SingleBar({ format: '  导入 [{bar}] {value}/{total}' }, Presets.shades_classic);
      let started = false;
      const file = readFileSync(arg);
      // Same two steps as the web: preview, then apply exactly what the preview showed.
      const preview = await importPeople(ctx, actor, file, 'preview');
      const report =
        mode === 'preview'
          ? preview
          : await importPeople(ctx, actor, file, mode, preview.previewToken, (done, total) => {
              if (!started) bar.start(total, 0);
              started = true;
              bar.update(done);
            });
      if (started) bar.stop();
      for (const i of report.issues) console.log(`  第 ${i.line} 行「${i.column}」：${i.message}`);
      console.log(`共 ${report.total} 行，有效 ${report.valid} 行，错误 ${report.invalid} 行；已导入 ${report.applied} 人（模式：${mode}）`);
      if (report.invalid > 0) process.exitCode = 2;
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'digest' && sub === 'send') {
    const { ctx, database } = await openRuntime(config);
    try {
      const n = await sendDueDigests(ctx, fileMailer(join(config.dataDir, 'outbox')));
      console.log(`已发送每周简报 ${n} 份（站内信；有邮箱的同时写入 ${join(config.dataDir, 'outbox')}/digest-mail-*.jsonl）`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'audit' && sub === 'export') {
    if (!values.out || !/\.(xlsx|jsonl)$/.test(values.out)) throw new Error('需要 --out FILE.xlsx 或 FILE.jsonl');
    const { ctx, database } = await openRuntime(config);
    try {
      const actor = await systemActor(ctx, values.unit);
      const filter = AuditFilterSchema.parse({ from: values.from, to: values.to });
      const rows = await exportAuditEvents(ctx, actor, filter);
      writeFileSync(values.out, values.out.endsWith('.jsonl') ? rows.map((r) => JSON.stringify(r)).join('\n') + '\n' : await auditWorkbook(rows), { mode: 0o600 });
      console.log(`已导出审计日志 ${rows.length} 条到 ${values.out}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'audit' && sub === 'archive') {
    const days = Number(values['retention-days'] ?? config.auditRetentionDays);
    if (!Number.isInteger(days) || days < MIN_AUDIT_RETENTION_DAYS) throw new Error(`保留期至少 ${MIN_AUDIT_RETENTION_DAYS} 天`);
    const dir = values.out ?? join(config.dataDir, 'audit-archive');
    const { ctx, database } = await openRuntime(config);
    try {
      const r = await archiveAuditEvents(ctx.db, days, async (archive, info) => {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `audit-before-${info.before.toISOString().slice(0, 10)}-${info.sha256.slice(0, 12)}.jsonl.gz`);
        // Written and flushed before the events are deleted: a crash leaves at worst a duplicate.
        const fd = openSync(file, 'wx', 0o600);
        try {
          writeSync(fd, archive);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        console.log(`归档文件：${file}`);
      });
      console.log(r.count ? `已归档 ${r.before.toISOString().slice(0, 10)} 之前的审计日志 ${r.count} 条（sha256 ${r.sha256}）` : `没有早于 ${r.before.toISOString().slice(0, 10)}（保留 ${days} 天）的审计日志，未做任何更改`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'partition-ledger') {
    const { ctx, database } = await openRuntime(config);
    try {
      const r = await partitionLedger(ctx.db);
      console.log(`${r.converted ? '已将活动、事项台账按年分区' : '活动、事项台账已按年分区，未做任何更改'}：${r.partitions.join('、')}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'partition-audit') {
    const { ctx, database } = await openRuntime(config);
    try {
      const r = await partitionAudit(ctx.db);
      console.log(`${r.converted ? '已将审计日志按月分区' : '审计日志已按月分区，未做任何更改'}：${r.partitions.join('、')}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'keys' && sub === 'rotate') {
    const newKey = values['new-key'];
    if (newKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(newKey)) throw new Error('--new-key 应为64位十六进制');
    const fromEnv = Boolean(config.secretKeyHex);
    const ring = loadKeyring(config.dataDir, fromEnv ? { current: config.secretKeyHex, previous: config.previousSecretKeys, lookup: config.lookupKeyHex } : undefined);
    const next = rotatedKeyring(ring, newKey);
    // Embedded keys: the new keyring is on disk before any value is re-sealed, so every state
    // a crash can leave is readable; run the command again to finish.
    if (!fromEnv) writeKeyringFile(config.dataDir, next);
    const { database } = await openRuntime(config);
    try {
      const r = await reencryptSealedColumns(database.db, keyringCrypto(next), (rows) => process.stdout.write(`\r  已重新加密 ${rows} 行`));
      console.log(`\n密钥已轮换：重新加密 ${r.rows} 行 ${r.values} 个字段；查找哈希与已发出的链接不受影响。`);
      if (fromEnv) {
        console.log('请在每个实例上改用以下环境变量后重启（旧密钥仍用于解密，查找密钥保持不变）：');
        console.log(`  LIZHOU_SECRET_KEY=${next.current}`);
        console.log(`  LIZHOU_PREVIOUS_SECRET_KEYS=${next.previous.join(',')}`);
        console.log(`  LIZHOU_LOOKUP_KEY=${next.lookup}`);
      } else {
        console.log(`新密钥已写入 ${join(config.dataDir, 'secret.key')}（旧密钥保留为 previous）。请重新备份密钥。`);
      }
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'backup') {
    // Opens the database without the server: for the embedded default, stop the server first.
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? config.dataDir : `${config.dataDir}/pgdata` });
    try {
      const { file, manifest } = await backup(database.db, { dataDir: config.dataDir, source: database.location, includeKey: !values['without-key'] });
      const out = sub ?? `lizhou-backup-${manifest.createdAt.replace(/[-:]/g, '').replace(/\..*/, '')}.jsonl.gz`;
      writeFileSync(out, file, { mode: 0o600 });
      const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
      console.log(`已备份到 ${out}：${Object.keys(manifest.tables).length} 张表 ${rows} 行，${manifest.files.length} 个文件${values['without-key'] ? '（不含密钥）' : '（含密钥 secret.key，请妥善保管）'}`);
      console.log(`sha256 ${backupDigest(file)}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'restore' && sub) {
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? config.dataDir : `${config.dataDir}/pgdata` });
    try {
      await database.migrate();
      const { manifest } = await restore(database.db, readFileSync(sub), { dataDir: config.dataDir, overwriteFiles: Boolean(values['overwrite-files']) });
      console.log(`已从 ${sub} 恢复（备份时间 ${manifest.createdAt}），逐表核对行数和校验和一致：`);
      for (const [t, s] of Object.entries(manifest.tables)) console.log(`  ${t.padEnd(14)} ${String(s.rows).padStart(7)} 行  ${s.checksum}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (cmd === 'user' && sub === 'create') {
    const { username, name, unit, role, password } = values;
    if (!username || !name || !unit || !role) throw new Error('需要 --username --name --unit --role');
    if (!ROLES.includes(role as Role)) throw new Error(`角色应为：${ROLES.join(', ')}`);
    const pw = password ?? DEMO_PASSWORD;
    const problem = passwordProblem(pw);
    if (problem) throw new Error(problem);
    const { ctx, database } = await openRuntime(config);
    try {
      const row = await createUserAsSystem(ctx, { username, displayName: name, orgUnitCode: unit, role: role as Role, password: pw });
      console.log(`已创建账号 ${row.username}（首次登录须修改密码）`);
    } finally {
      await database.close();
    }
    return;
  }
  console.log(HELP);
  process.exitCode = 1;
}

/** The CLI acts as a system administrator over one unit's subtree (default: the county root). */
async function systemActor(ctx: AppContext, unitCode?: string): Promise<Actor> {
  const q = unitCode
    ? sql`select id, path, tenant_id from org_units where code = ${unitCode}`
    : sql`select id, path, tenant_id from org_units where parent_id is null order by id limit 1`;
  const [unit] = await queryRows<{ id: number; path: string; tenant_id: string }>(ctx.db, q);
  if (!unit) throw new Error(unitCode ? `单位编码 ${unitCode} 不存在` : '数据库中还没有组织架构');
  return { userId: 0, username: 'cli', displayName: '命令行', role: 'admin', tenantId: unit.tenant_id, orgUnitId: unit.id, scopePath: unit.path, permissions: ROLE_PERMISSIONS.admin, ip: null };
}

/** Drops every table (the audit log included) so the demo can be loaded afresh. */
async function resetDatabase(config: ReturnType<typeof loadConfig>) {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? config.dataDir : `${config.dataDir}/pgdata` });
  await database.db.execute(sql`drop schema if exists drizzle cascade`);
  await database.db.execute(sql`drop schema public cascade`);
  await database.db.execute(sql`create schema public`);
  await database.close();
  console.log('已清空数据库');
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
