import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors';

/** PostgreSQL error codes we translate instead of reporting a 500. */
const PG_UNIQUE = '23505';
const PG_FK = '23503';
/**
 * Values PostgreSQL itself refuses — a number past a column's range (an id of 2^31), a NUL or an
 * unpaired surrogate in text, a date past its field — are the sender's error: 400, not 500. The
 * statement failed, so its transaction wrote nothing.
 */
const PG_BAD_VALUE: Record<string, { code: string; message: string }> = {
  '22003': { code: 'value.out_of_range', message: '数值超出允许的范围' },
  '22P02': { code: 'value.invalid', message: '数值或编号的格式不正确' },
  '22021': { code: 'text.invalid_character', message: '文本中含有无法保存的字符（如空字符），请删除后重试' },
  '22P05': { code: 'text.invalid_character', message: '文本中含有无法保存的字符（如空字符），请删除后重试' },
  '22001': { code: 'text.too_long', message: '填写的内容过长' },
  '22007': { code: 'date.invalid', message: '日期或时间的格式不正确' },
  '22008': { code: 'date.invalid', message: '日期或时间超出允许的范围' },
};
/**
 * The database going away (a restart, a failover, a dropped connection): the request did not
 * commit, and the client should retry once the pool has reconnected.
 */
const DB_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const DB_GONE_MESSAGE = /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i;
/** A statement cancelled by the server's statement timeout: the client may retry. */
const PG_QUERY_CANCELED = '57014';
/**
 * A full disk or quota: PostgreSQL's disk_full, or ENOSPC/EDQUOT from a write of our own. The
 * file store answers `storage.full` itself (and removes its partial file); this catches any other
 * writer. 507 and retryable: the same request succeeds once an operator frees space.
 */
const OUT_OF_SPACE = new Set(['53100', 'ENOSPC', 'EDQUOT']);

/**
 * One error shape for the whole API: `{code, message, details}`. Validation issues become
 * field-level details in Chinese; unexpected errors are logged and never leak a stack trace.
 */
export const errorsPlugin = fp(async (app) => {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      // Operators must hear of a full disk, not only the user who met it.
      if (err.status === 507) req.log.error({ err }, 'storage full');
      return reply.code(err.status).send({ code: err.code, message: err.message, details: err.details ?? null });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        message: v.message ?? '格式不正确',
      }));
      const first = details[0];
      return reply.code(400).send({
        code: 'validation_failed',
        message: first ? `${first.message}${first.path ? `（${first.path}）` : ''}` : '提交的内容格式不正确',
        details,
      });
    }
    const e = err as { code?: string; statusCode?: number; message?: string; cause?: { code?: string } };
    const pgCode = e.code ?? e.cause?.code;
    if (pgCode === PG_UNIQUE) return reply.code(409).send({ code: 'conflict.duplicate', message: '数据重复，与已有记录冲突', details: null });
    if (pgCode === PG_FK) return reply.code(409).send({ code: 'conflict.reference', message: '引用的记录不存在或仍被其他记录引用', details: null });
    const bad = pgCode ? PG_BAD_VALUE[pgCode] : undefined;
    if (bad) return reply.code(400).send({ ...bad, details: null });
    if ((pgCode && DB_UNAVAILABLE.has(pgCode)) || DB_GONE_MESSAGE.test(e.message ?? '') || DB_GONE_MESSAGE.test((e.cause as { message?: string } | undefined)?.message ?? '')) {
      req.log.warn({ err }, 'database unavailable');
      return reply.code(503).header('retry-after', '2').send({ code: 'db.unavailable', message: '数据库暂时不可用，操作未保存，请稍后重试', details: null });
    }
    if (pgCode && OUT_OF_SPACE.has(pgCode)) {
      req.log.error({ err }, 'storage full');
      return reply.code(507).send({ code: 'storage.full', message: '存储空间已满，操作未保存，请稍后重试或联系管理员', details: null });
    }
    if (pgCode === PG_QUERY_CANCELED) return reply.code(503).header('retry-after', '5').send({ code: 'db.timeout', message: '查询超时，请缩小查询范围后重试', details: null });
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ code: 'request.too_large', message: '上传的文件过大', details: null });
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ code: 'request.unsupported_media_type', message: '不支持的请求格式', details: null });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ code: 'request.invalid', message: '请求格式不正确', details: e.message ?? null });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ code: 'internal', message: '服务器内部错误，请稍后重试', details: null });
  });

});
