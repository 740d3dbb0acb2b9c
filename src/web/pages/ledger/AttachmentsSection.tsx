import { useRef, useState } from 'react';
import { App, Button, Empty, Flex, Image, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { ATTACHMENT_ACCEPT, attachmentUrl, uploadAttachment } from './attachments';
import { fmtSize, fmtTime } from './display';
import type { Attachment } from './types';

interface AttachmentsSectionProps {
  segment: string;
  recordId: number;
  files: Attachment[];
  canEdit: boolean;
  /** Reload the record after an upload or a removal. */
  onChanged: () => void;
}

/** A record's photos and PDFs: thumbnails that open full size, download, remove, upload more. */
export function AttachmentsSection({ segment, recordId, files, canEdit, onChanged }: AttachmentsSectionProps) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);

  const upload = async (list: FileList | null) => {
    if (!list?.length) return;
    setUploading(true);
    let ok = 0;
    for (const f of Array.from(list)) {
      try {
        await uploadAttachment(segment, recordId, f);
        ok++;
      } catch (err) {
        message.error(`${f.name}：${errorText(err)}`);
      }
    }
    setUploading(false);
    if (ok) message.success(`已上传 ${ok} 个文件`);
    onChanged();
  };

  const remove = async (a: Attachment) => {
    try {
      await api.post(`/api/attachments/${a.id}/remove`);
      message.success(`已删除「${a.fileName}」`);
      onChanged();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <div data-testid="attachments">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          附件（{files.length}）
        </Typography.Title>
        {canEdit && (
          <>
            <Button icon={<UploadOutlined />} loading={uploading} onClick={() => input.current?.click()}>
              上传附件
            </Button>
            <input
              ref={input}
              type="file"
              multiple
              accept={`image/*,${ATTACHMENT_ACCEPT}`}
              aria-label="上传附件"
              style={{ display: 'none' }}
              onChange={(e) => {
                void upload(e.target.files);
                e.target.value = '';
              }}
            />
          </>
        )}
      </Flex>
      {files.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无附件" style={{ margin: '8px 0' }} />
      ) : (
        <Image.PreviewGroup>
          <Flex gap={12} wrap>
            {files.map((a) => (
              <div key={a.id} style={{ width: 120 }} data-testid="attachment">
                <div style={{ width: 120, height: 120, border: '1px solid #eee', borderRadius: 6, overflow: 'hidden', background: '#fafafa', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
                  {a.mime.startsWith('image/') ? (
                    <Image src={attachmentUrl(a.id)} alt={a.fileName} width={120} height={120} style={{ objectFit: 'cover' }} />
                  ) : (
                    <a href={attachmentUrl(a.id)} target="_blank" rel="noreferrer" aria-label={`打开 ${a.fileName}`}>
                      <FilePdfOutlined style={{ fontSize: 40, color: '#c8102e' }} />
                    </a>
                  )}
                </div>
                <Tooltip title={`${a.fileName} · ${fmtSize(a.size)} · ${fmtTime(a.createdAt)}`}>
                  <Typography.Text ellipsis style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
                    {a.fileName}
                  </Typography.Text>
                </Tooltip>
                <Space size={0}>
                  <Button type="link" size="small" icon={<DownloadOutlined />} href={attachmentUrl(a.id)} download={a.fileName} aria-label={`下载 ${a.fileName}`} />
                  {canEdit && (
                    <Popconfirm title={`删除附件「${a.fileName}」？`} description="删除后记录中保留留痕" okText="删除" cancelText="取消" onConfirm={() => remove(a)}>
                      <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`删除 ${a.fileName}`} />
                    </Popconfirm>
                  )}
                </Space>
              </div>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
    </div>
  );
}
