import { useEffect, useState } from 'react';
import { App, Button, Flex, Input, Space, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined, LinkOutlined } from '@ant-design/icons';

/** The public page's full address for a slug. */
export const publicUrl = (slug: string) => `${window.location.origin}/p/${slug}`;

/**
 * 公示链接: the address to send round or print, with a copy button and a QR code to put on a
 * notice board (drawn in the browser; nothing leaves the page).
 */
export function PublicLink({ slug, fileName }: { slug: string; fileName: string }) {
  const { message } = App.useApp();
  const url = publicUrl(slug);
  const [qr, setQr] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    // The QR library is loaded only when a result with a public page is opened.
    void import('qrcode')
      .then((m) => (m.default ?? m).toDataURL(url, { margin: 1, width: 240, errorCorrectionLevel: 'M' }))
      .then((d) => !cancelled && setQr(d))
      .catch(() => !cancelled && setQr(null));
    return () => {
      cancelled = true;
    };
  }, [url]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      message.success('已复制公示链接');
    } catch {
      // Clipboard access is refused on plain http or by policy: select the text for the user.
      (document.getElementById('public-url') as HTMLInputElement | null)?.select();
      message.info('请手动复制已选中的链接');
    }
  };

  return (
    <Flex gap={16} wrap align="flex-start" data-testid="public-link">
      <Flex vertical gap={8} style={{ flex: '1 1 280px', minWidth: 0 }}>
        <Typography.Text>免登录公示页面：任何人打开链接即可查看排名、总分、等次和各项得分（不含明细）。</Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Input id="public-url" value={url} readOnly aria-label="公示链接" data-testid="public-url" />
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            复制
          </Button>
        </Space.Compact>
        <Space>
          <a href={url} target="_blank" rel="noreferrer">
            <LinkOutlined /> 打开公示页面
          </a>
          {qr && (
            <a href={qr} download={`${fileName}-二维码.png`}>
              <DownloadOutlined /> 下载二维码
            </a>
          )}
        </Space>
      </Flex>
      {qr && <img src={qr} alt="公示页面二维码" width={120} height={120} style={{ border: '1px solid #f0f0f0', borderRadius: 4 }} data-testid="public-qr" />}
    </Flex>
  );
}
