import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { passwordProblem } from '../../../shared/password-policy';

export const LoginSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});

const newPassword = z.string().superRefine((pw, ctx) => {
  const problem = passwordProblem(pw);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword,
});

const username = z
  .string()
  .trim()
  .min(3, '用户名至少3个字符')
  .max(32, '用户名不超过32个字符')
  .regex(/^[a-zA-Z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和短横线');

export const UserCreateSchema = z.object({
  username,
  displayName: z.string().trim().min(1, '请填写姓名').max(50),
  orgUnitId: z.number().int().positive('请选择所属单位'),
  departmentId: z.number().int().positive().nullable().optional(),
  role: z.enum(ROLES, { message: '请选择角色' }),
  /** The person a personal account (个人) belongs to; required for that role, refused for the others. */
  personId: z.number().int().positive().nullable().optional(),
  /** Omit to have a temporary password generated; either way it must be changed at first login. */
  password: newPassword.optional(),
});

export const UserUpdateSchema = z.object({
  version: z.number().int().positive(),
  displayName: z.string().trim().min(1, '请填写姓名').max(50).optional(),
  orgUnitId: z.number().int().positive().optional(),
  departmentId: z.number().int().positive().nullable().optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
});

export const UserListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  role: z.enum(ROLES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
