import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamSchema } from '../org/org.schema';
import { ChangePasswordSchema, LoginSchema, UserCreateSchema, UserListQuerySchema, UserUpdateSchema } from './auth.schema';
import { changePassword, describeActor, login, logout } from './auth.service';
import { createUser, listUsers, resetPassword, updateUser } from './users.service';
import { SESSION_COOKIE } from './session-cookie';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['auth'];
  app.post('/api/auth/login', { config: { public: true }, schema: { tags, summary: '登录', body: LoginSchema } }, async (req, reply) => {
    const { token, me } = await login(app.ctx, req.body.username, req.body.password, req.ip);
    reply.setCookie(SESSION_COOKIE, token, app.sessionCookieOptions);
    return me;
  });
  app.post('/api/auth/logout', { config: { allowBeforePasswordChange: true }, schema: { tags, summary: '退出登录' } }, async (req, reply) => {
    await logout(app.ctx, req.session());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  app.get('/api/auth/me', { config: { allowBeforePasswordChange: true }, schema: { tags, summary: '当前用户' } }, (req) =>
    describeActor(app.ctx, req.session()),
  );
  app.post('/api/auth/password', { config: { allowBeforePasswordChange: true }, schema: { tags, summary: '修改本人密码', body: ChangePasswordSchema } }, async (req) => {
    await changePassword(app.ctx, req.session(), req.body.currentPassword, req.body.newPassword);
    return { ok: true };
  });

  const utags = ['users'];
  app.get('/api/users', { config: { permission: 'manage:users' }, schema: { tags: utags, summary: '账号列表', querystring: UserListQuerySchema } }, (req) => listUsers(app.ctx, req.actor(), req.query));
  app.post('/api/users', { config: { permission: 'manage:users' }, schema: { tags: utags, summary: '新建账号', body: UserCreateSchema } }, async (req, reply) =>
    reply.code(201).send(await createUser(app.ctx, req.actor(), req.body)),
  );
  app.patch('/api/users/:id', { config: { permission: 'manage:users' }, schema: { tags: utags, summary: '修改账号（角色、单位、停用）', params: IdParamSchema, body: UserUpdateSchema } }, (req) =>
    updateUser(app.ctx, req.actor(), req.params.id, req.body),
  );
  app.post('/api/users/:id/reset-password', { config: { permission: 'manage:users' }, schema: { tags: utags, summary: '重置密码', params: IdParamSchema } }, (req) =>
    resetPassword(app.ctx, req.actor(), req.params.id),
  );
};
