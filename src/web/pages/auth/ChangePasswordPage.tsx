import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Form, Input, Space, Typography } from 'antd';
import { passwordProblem } from '../../../shared/password-policy';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { AuthCard } from './AuthCard';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export default function ChangePasswordPage() {
  const { me, refresh, logout } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const navigate = useNavigate();

  if (me === undefined) return <PageSpinner />;
  if (me === null) return <Navigate to="/login" replace />;
  const forced = me.mustChangePassword;

  const submit = async (v: PasswordValues) => {
    setBusy(true);
    setAlert(null);
    try {
      await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success('密码已修改');
      await refresh();
      navigate('/', { replace: true });
    } catch (err) {
      if (!applyServerErrors(form, err, ['currentPassword', 'newPassword'])) setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="修改密码">
      {forced && <Alert type="info" showIcon title="首次登录或密码已被重置，请先设置新密码" style={{ marginBottom: 16 }} />}
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      <Typography.Paragraph type="secondary">密码要求：至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          rules={[
            { required: true, message: '请输入新密码' },
            {
              validator: async (_r, value: string | undefined) => {
                const problem = value ? passwordProblem(value) : null;
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_r, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button type="primary" htmlType="submit" block loading={busy}>
            修改密码
          </Button>
          {forced ? (
            <Button block onClick={() => void logout()}>
              退出登录
            </Button>
          ) : (
            <Button block onClick={() => navigate('/')}>
              返回首页
            </Button>
          )}
        </Space>
      </Form>
    </AuthCard>
  );
}
