import type { Config } from './config';
import { buildApp } from './app';
import { DEMO_PASSWORD, isEmpty, seedDemo } from './db/demo/demo-county';
import { purgeExpiredSessions } from './modules/auth';
import { sweepStaleTempFiles } from './modules/ledger';
import { addAuditMonthPartitions } from './ops/audit-partitions';
import { openRuntime } from './runtime';
import { ensureWebBuilt } from './web-build';

/** `lizhou start`: migrate, load the demo into an empty database, build the web if needed, serve. */
export async function startServer(config: Config, opts: { seedIfEmpty?: boolean } = {}) {
  const log = (msg: string) => console.log(msg);
  const { ctx, database } = await openRuntime(config);
  log(`数据库：${database.kind === 'pglite' ? '内置 PGlite' : 'PostgreSQL'}（${database.location}）`);
  let seeded = false;
  if ((opts.seedIfEmpty ?? true) && (await isEmpty(ctx))) {
    const t0 = Date.now();
    let last = '';
    const result = await seedDemo(ctx, {
      onStep: (s, done, total) => {
        const line = total ? `  载入演示数据：${s} ${done}/${total}` : `  载入演示数据：${s}`;
        if (line !== last && (!total || done === total || done! % 10_000 < 1000)) log(line);
        last = line;
      },
    });
    seeded = true;
    log(`演示县已载入：${result.units} 个单位，${result.people} 人（党员 ${result.partyMembers} 名），用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒`);
  }
  await ensureWebBuilt(log);
  const app = await buildApp({ ctx, serveWeb: true, logger: { level: config.logLevel } });
  // Housekeeping, at start and every 10 minutes: expired sessions, upload temp files orphaned by an
  // instance killed mid-write, and the coming months' audit partitions (an instance outlives a month).
  // The sweep lists the whole files folder: in the background, never two at once.
  let sweeping = false;
  const sweep = () => {
    if (sweeping) return;
    sweeping = true;
    sweepStaleTempFiles(config.dataDir)
      .then((n) => n && log(`已清理 ${n} 个中断上传留下的临时文件`), () => {})
      .finally(() => (sweeping = false));
  };
  sweep();
  const timer = setInterval(() => {
    purgeExpiredSessions(ctx).catch(() => {});
    // A month must not begin in the default partition: say so when its partition cannot be made.
    addAuditMonthPartitions(ctx.db).catch((e: Error) => console.error(`audit partitions: ${e.message}`));
    sweep();
  }, 10 * 60_000);
  timer.unref();
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
  log('');
  log(`丽州已启动：${url}`);
  log(`演示账号（首次登录须修改密码），初始密码 ${DEMO_PASSWORD}：`);
  log('  admin 系统管理员 · zzb/xcb/tzb 部门 · town 石柱镇 · village 村社 · leader 领导查看 · auditor 审计');
  log('  cadre 个人（干部之家） · talent 个人（人才申请） · employer 用人单位（人才申请审核）');
  if (seeded) log('（以上账号已在本次启动中创建）');
  log(`接口文档：${url}/api/docs`);
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { app, ctx, database };
}
