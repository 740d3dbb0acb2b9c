import { useState } from 'react';
import { Alert, App, Checkbox, Modal, Typography } from 'antd';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { filterToQuery, type PeopleFilter } from './peopleQuery';

interface ExportPeopleModalProps {
  open: boolean;
  filter: PeopleFilter;
  total: number;
  onClose: () => void;
}

/** Exports the current filter result; full ID numbers and phones only when asked and permitted. */
export function ExportPeopleModal({ open, filter, total, onClose }: ExportPeopleModalProps) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState(false);

  const close = () => {
    // The sensitive choice is made afresh each time.
    setReveal(false);
    onClose();
  };

  const run = async () => {
    setBusy(true);
    try {
      // POST so the export carries the CSRF token (see people.routes.ts).
      await api.download('/api/people/export', { ...filterToQuery(filter), reveal: reveal ? 'true' : 'false' }, '人员名单.xlsx', 'POST');
      message.success('已开始下载');
      close();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title="导出 Excel" okText="导出" onOk={() => void run()} confirmLoading={busy} onCancel={close}>
      <Typography.Paragraph>
        按当前筛选条件导出 <b>{total.toLocaleString('zh-CN')}</b> 人。导出操作将记入审计日志。
      </Typography.Paragraph>
      {can('reveal:people') ? (
        <Checkbox checked={reveal} onChange={(e) => setReveal(e.target.checked)}>
          包含完整身份证号和手机号（将记入审计日志）
        </Checkbox>
      ) : (
        <Alert type="info" showIcon title="身份证号和手机号将以脱敏形式导出。" />
      )}
    </Modal>
  );
}
