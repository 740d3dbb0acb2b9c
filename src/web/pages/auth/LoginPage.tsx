import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Form, Input } from 'antd';
import { ApiError } from '../../api';
import { useAuth } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { AuthCard } from './AuthCard';

interface LoginValues {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { me, login, notice, clearNotice } = useAuth();
  const [form] = Form.useForm<LoginValues>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  if (me && !busy) return <Navigate to={me.mustChangePassword ? '/change-password' : (from ?? '/')} replace />;

  const submit = async (values: LoginValues) => {
    setBusy(true);
    setAlert(null);
    clearNotice();
    try {
      const next = await login(values.username, values.password);
      navigate(next.mustChangePassword ? '/change-password' : (from ?? '/'), { replace: true });
    } catch (err) {
      // A wrong password names the password field; a locked or disabled account does not.
      if (!(err instanceof ApiError && err.status !== 423 && applyServerErrors(form, err, ['username', 'password']))) {
        setAlert(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="登录">
      {notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />}
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
        <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
          <Input autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          登录
        </Button>
      </Form>
    </AuthCard>
  );
}
