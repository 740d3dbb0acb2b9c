import { useState } from 'react';
import { Alert, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { UploadResult } from './types';

interface UploadFormModalProps {
  taskId: number;
  unitId: number;
  version: number;
  onDownload: () => void;
  /** Figures were saved as a draft from the file. */
  onApplied: (r: UploadResult) => void;
  /** The form changed meanwhile: the page reloads it. */
  onConflict: () => void;
  onClose: () => void;
}

/**
 * Fills the form from the pre-filled sheet. All or nothing: with one bad cell nothing is saved
 * and every problem is listed by Excel row and column.
 */
export function UploadFormModal({ taskId, unitId, version, onDownload, onApplied, onConflict, onClose }: UploadFormModalProps) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.upload<UploadResult>(`/api/tasks/${taskId}/units/${unitId}/upload`, file, { version });
      if (r.issues.length) setResult(r);
      else onApplied(r);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) onConflict();
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title="上传 Excel 填报表" onCancel={onClose} footer={null} width={{ xs: '100%', md: 680 }} mask={{ closable: false }} destroyOnHidden>
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }}>
          先下载本单位的填报表（已预填当前数据），在“数值”“说明”列填写后上传。上传的数据保存为草稿，核对无误后再点“报送”。
        </Typography.Paragraph>
        <div>
          <Button icon={<DownloadOutlined />} onClick={onDownload}>
            下载填报表
          </Button>
        </div>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            setError(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖拽填好的 Excel 文件（.xlsx）到此处</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        {result && result.issues.length > 0 && (
          <>
            <Alert type="error" showIcon role="alert" title="文件有错误，未保存任何数据" description={`共 ${result.issues.length} 个问题，请在文件中改正后重新上传。`} />
            <Table
              data-testid="upload-issues"
              size="small"
              rowKey="key"
              dataSource={result.issues.map((i, n) => ({ ...i, key: n }))}
              pagination={result.issues.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
              columns={[
                { title: '行', dataIndex: 'line', width: 80, render: (l: number) => (l ? `第${l}行` : '—') },
                { title: '列', dataIndex: 'column', width: 100 },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          </>
        )}
        <Flex gap={8}>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void upload()}>
            上传并保存草稿
          </Button>
          <Button onClick={onClose}>关闭</Button>
        </Flex>
      </Flex>
    </Modal>
  );
}
