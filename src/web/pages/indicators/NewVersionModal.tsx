import { useState } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { DefinitionFields, definitionPayload, definitionValues, remapDefinitionIssues, type DefinitionValues } from './DefinitionFields';
import { nextPeriod, periodLabel } from './format';
import type { Indicator, IndicatorDetail } from './types';

interface NewVersionModalProps {
  indicator: IndicatorDetail;
  indicators: Indicator[] | null;
  onCancel: () => void;
  onSaved: () => void;
}

/**
 * 新版本口径: a changed rule applies from a period on. Periods already signed off keep the rule
 * they were published under, so the server refuses an effective-from at or before them.
 */
export function NewVersionModal({ indicator, indicators, onCancel, onSaved }: NewVersionModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ definition: DefinitionValues }>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const current = indicator.versions[indicator.versions.length - 1];
  const initial = current
    ? { definition: { ...definitionValues(current), effectiveFrom: nextPeriod(current.effectiveFrom) ?? '', note: null } }
    : undefined;

  const save = async (v: { definition: DefinitionValues }) => {
    setBusy(true);
    setAlert(null);
    try {
      await api.post(`/api/indicators/${indicator.id}/versions`, definitionPayload(v.definition));
      message.success(`新口径自 ${periodLabel(v.definition.effectiveFrom)} 起生效`);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'indicator.version_rewrites_published') {
        const latest = (err.details as { latestPublished?: string } | null)?.latestPublished;
        const from = latest ? nextPeriod(latest) : null;
        form.setFields([{ name: ['definition', 'effectiveFrom'], errors: [from ? `${err.message}（最早可从 ${from} 起生效）` : err.message] }]);
        return;
      }
      // This endpoint reports paths relative to the definition ("effectiveFrom"); the form nests it.
      const mapped = remapDefinitionIssues(err, v.definition.aggregation.kind, 'definition.');
      if (!applyServerErrors(form, mapped, ['definition'])) setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`新版本口径：${indicator.name}`}
      okText="保存新口径"
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={onCancel}
      width={{ xs: '100%', md: 680 }}
      mask={{ closable: false }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={`现行口径为第 ${current?.versionNo ?? 1} 版，自 ${current ? periodLabel(current.effectiveFrom) : '—'} 起生效。新口径只影响生效期次及以后的数据；已审核发布的数据不会被改写。`}
      />
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} scrollToFirstError>
        <DefinitionFields
          form={form}
          prefix={['definition']}
          periodType={indicator.periodType}
          indicators={indicators}
          simpleOnly={indicator.source === 'derived'}
          selfCode={indicator.code}
        />
      </Form>
    </Modal>
  );
}
