import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';

/** Copies text; falls back to a hidden textarea where the Clipboard API is unavailable (plain http). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

interface TempPasswordModalProps {
  username: string;
  password: string | null;
  onClose: () => void;
}

/** The temporary password is shown once: the server keeps only its hash. */
export function TempPasswordModal({ username, password, onClose }: TempPasswordModalProps) {
  const { message } = App.useApp();
  return (
    <Modal
      open={password != null}
      title="临时密码"
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下，关闭
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          账号 <b>{username}</b> 的临时密码：
        </Typography.Text>
        <Space wrap>
          <Typography.Text code style={{ fontSize: 20 }} data-testid="temporary-password">
            {password}
          </Typography.Text>
          <Button
            icon={<CopyOutlined />}
            onClick={async () => {
              if (password && (await copyText(password))) message.success('已复制');
              else message.error('复制失败，请手动抄写');
            }}
          >
            复制密码
          </Button>
        </Space>
        <Alert type="warning" showIcon title="此密码只显示这一次。请当面或通过安全渠道交给本人，首次登录时须修改密码。" />
      </Space>
    </Modal>
  );
}
