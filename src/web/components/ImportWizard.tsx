import { useState } from 'react';
import { Alert, App, Button, Col, Modal, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api';
import type { ImportReport } from '../types';
import { errorText } from './applyServerErrors';

export interface ImportWizardProps {
  open: boolean;
  onClose: () => void;
  /** Shown in the title, e.g. "人员" or "组织架构". */
  subject: string;
  /** Endpoint taking the raw .xlsx: /api/people/import or /api/org/import. */
  uploadPath: string;
  /** Downloads a sheet to fill in: the template, or for org the current tree (its export). */
  downloadTemplate: () => Promise<void>;
  templateLabel: string;
  /** Called after rows were written so the page can reload its data. */
  onImported?: (report: ImportReport) => void;
}

type Step = 0 | 1 | 2;

/**
 * Excel import in three steps: pick a file → preview every problem row by row → apply exactly
 * what was previewed (the preview token makes the server refuse if the file or data changed).
 */
export function ImportWizard(props: ImportWizardProps) {
  // Remount per opening so a reopened wizard starts clean.
  return props.open ? <ImportWizardBody {...props} /> : null;
}

function ImportWizardBody({ open, onClose, subject, uploadPath, downloadTemplate, templateLabel, onImported }: ImportWizardProps) {
  const { message } = App.useApp();
  const [step, setStep] = useState<Step>(0);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);

  const runPreview = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setStale(false);
    try {
      const report = await api.upload<ImportReport>(uploadPath, file, { mode: 'preview' });
      setPreview(report);
      setStep(1);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!file || !preview) return;
    setBusy(true);
    setError(null);
    try {
      // With no problems both modes write the same rows; all-or-nothing also guards against a
      // row turning bad between preview and apply.
      const mode = preview.invalid === 0 ? 'all-or-nothing' : 'valid-only';
      const report = await api.upload<ImportReport>(uploadPath, file, { mode, previewToken: preview.previewToken });
      setResult(report);
      setStep(2);
      if (report.applied > 0) onImported?.(report);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'import.preview_stale') setStale(true);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    try {
      await downloadTemplate();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <Modal
      open={open}
      title={`导入 Excel：${subject}`}
      onCancel={onClose}
      footer={null}
      width={{ xs: '100%', md: 760 }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 16 }}
        items={[{ title: '选择文件' }, { title: '预览检查' }, { title: '完成' }]}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}

      {step === 0 && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Paragraph style={{ margin: 0 }}>
            第一步：下载表格，按表头填写后保存为 .xlsx 文件。带 * 的列为必填。
          </Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={() => void download()}>
            {templateLabel}
          </Button>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setError(null);
              // Keep the file in the browser; it is sent by the preview button.
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽 Excel 文件（.xlsx）到此处</p>
          </Upload.Dragger>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void runPreview()}>
            上传并预览
          </Button>
        </Space>
      )}

      {step === 1 && preview && (
        <PreviewStep
          preview={preview}
          busy={busy}
          stale={stale}
          onApply={() => void apply()}
          onDiscard={() => {
            message.info('未做任何更改');
            onClose();
          }}
          onRepreview={() => void runPreview()}
        />
      )}

      {step === 2 && result && (
        <Result
          status={result.applied > 0 ? 'success' : 'info'}
          title={`已导入 ${result.applied} 行`}
          subTitle={result.total > result.applied ? `共 ${result.total} 行，跳过 ${result.total - result.applied} 行` : `共 ${result.total} 行`}
          extra={
            <Button type="primary" onClick={onClose}>
              完成
            </Button>
          }
        />
      )}
    </Modal>
  );
}

interface PreviewStepProps {
  preview: ImportReport;
  busy: boolean;
  stale: boolean;
  onApply: () => void;
  onDiscard: () => void;
  onRepreview: () => void;
}

function PreviewStep({ preview, busy, stale, onApply, onDiscard, onRepreview }: PreviewStepProps) {
  const { total, valid, invalid, issues } = preview;
  const explanation =
    invalid === 0
      ? `全部 ${total} 行均通过检查。选择「仅导入有效行」将导入 ${valid} 行；选择「全部不导入」则不做任何更改。`
      : `选择「仅导入有效行」将导入 ${valid} 行，跳过 ${invalid} 行错误；选择「全部不导入」则不做任何更改。`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title="总行数" value={total} />
        </Col>
        <Col span={8}>
          <Statistic title="有效" value={valid} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col span={8}>
          <Statistic title="有错误" value={invalid} styles={{ content: { color: invalid ? '#cf1322' : undefined } }} />
        </Col>
      </Row>
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title="文件或数据在预览后已发生变化，请重新预览后再导入"
          action={
            <Button size="small" onClick={onRepreview} loading={busy}>
              重新预览
            </Button>
          }
        />
      )}
      <Alert type={invalid ? 'warning' : 'success'} showIcon title={explanation} />
      {issues.length > 0 && (
        <Table
          data-testid="import-issues"
          size="small"
          rowKey="key"
          dataSource={issues.map((i, n) => ({ ...i, key: n }))}
          pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (n) => `共 ${n} 个问题` }}
          scroll={{ x: 480 }}
          columns={[
            { title: '行号', dataIndex: 'line', width: 70 },
            { title: '列', dataIndex: 'column', width: 120 },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      )}
      <Space wrap>
        <Button type="primary" disabled={valid === 0 || stale} loading={busy} onClick={onApply}>
          仅导入有效行（{valid} 行）
        </Button>
        <Button onClick={onDiscard} disabled={busy}>
          全部不导入
        </Button>
      </Space>
    </Space>
  );
}
