import { useState } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { DefinitionFields, definitionPayload, definitionValues, remapDefinitionIssues, type DefinitionValues } from './DefinitionFields';
import { nextPeriod, periodLabel } from './format';
import { LEDGER_DERIVATION, RecordQueryFields, recordQueryPayload, recordQueryValues, type RecordQueryValues } from './RecordQueryFields';
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
  const [form] = Form.useForm<{ definition: DefinitionValues & { recordQuery?: RecordQueryValues } }>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const current = indicator.versions[indicator.versions.length - 1];
  // A ledger-derived indicator's version carries its record query, starting from the current one.
  const ledger = indicator.source === 'derived' && indicator.derivation === LEDGER_DERIVATION;
  const initial = current
    ? { definition: { ...definitionValues(current), effectiveFrom: nextPeriod(current.effectiveFrom) ?? '', note: null, ...(ledger ? { recordQuery: recordQueryValues(current.recordQuery) } : {}) } }
    : undefined;

  const save = async (v: { definition: DefinitionValues & { recordQuery?: RecordQueryValues } }) => {
    setBusy(true);
    setAlert(null);
    try {
      const body = definitionPayload(v.definition);
      await api.post(`/api/indicators/${indicator.id}/versions`, ledger ? { ...body, aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, recordQuery: recordQueryPayload(v.definition.recordQuery) } : body);
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
        {ledger && <RecordQueryFields form={form} prefix={['definition', 'recordQuery']} previewPeriod={initial?.definition.effectiveFrom} />}
        <DefinitionFields
          form={form}
          prefix={['definition']}
          periodType={indicator.periodType}
          indicators={indicators}
          simpleOnly={indicator.source === 'derived'}
          fixedSum={ledger}
          selfCode={indicator.code}
        />
      </Form>
    </Modal>
  );
}
