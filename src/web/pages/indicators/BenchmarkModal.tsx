import { useState } from 'react';
import { Alert, App, AutoComplete, Col, Form, Input, InputNumber, Modal, Row } from 'antd';
import { api } from '../../api';
import { useMe } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PeriodInput } from './PeriodInput';
import { normalizePeriod, periodProblem } from './format';
import type { BenchmarkInput, IndicatorDetail } from './types';

interface BenchmarkValues {
  orgUnitId?: number;
  period: string;
  peerGroup: string;
  rank?: number;
  peerCount?: number;
  value?: number | null;
  sourceTitle: string;
  sourceRef?: string;
  sourceDate?: string;
}

const FIELDS = ['orgUnitId', 'period', 'peerGroup', 'rank', 'peerCount', 'value', 'sourceTitle', 'sourceRef', 'sourceDate'] as const;

interface BenchmarkModalProps {
  indicator: IndicatorDetail;
  onCancel: () => void;
  onSaved: () => void;
}

/** 登记排名: the county's standing among its peers, as published by the city or province, with its source. */
export function BenchmarkModal({ indicator, onCancel, onSaved }: BenchmarkModalProps) {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<BenchmarkValues>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const last = indicator.benchmarks[indicator.benchmarks.length - 1];
  const groups = [...new Set(indicator.benchmarks.map((b) => b.peerGroup))];

  const save = async (v: BenchmarkValues) => {
    setBusy(true);
    setAlert(null);
    const body: BenchmarkInput = {
      orgUnitId: v.orgUnitId,
      period: normalizePeriod(v.period) ?? v.period,
      peerGroup: v.peerGroup.trim(),
      rank: v.rank!,
      peerCount: v.peerCount!,
      value: v.value ?? null,
      sourceTitle: v.sourceTitle.trim(),
      sourceRef: v.sourceRef?.trim() || null,
      sourceDate: v.sourceDate?.trim() || null,
    };
    try {
      await api.post(`/api/indicators/${indicator.id}/benchmarks`, body);
      message.success(`已登记 ${body.period} 排名`);
      onSaved();
    } catch (err) {
      if (!applyServerErrors(form, err, FIELDS)) setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`登记兄弟县市排名：${indicator.name}`}
      okText="登记"
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={onCancel}
      width={{ xs: '100%', md: 620 }}
      mask={{ closable: false }}
    >
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} role="alert" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgUnitId: me.orgUnitId, period: '', peerGroup: last?.peerGroup ?? '', peerCount: last?.peerCount, sourceTitle: '' }}
        onFinish={(v) => void save(v)}
        scrollToFirstError
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item label="单位" name="orgUnitId" rules={[{ required: true, message: '请选择单位' }]}>
              <OrgUnitPicker allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="期次"
              name="period"
              rules={[
                { required: true, message: '请填写期次' },
                {
                  validator: async (_r, v?: string) => {
                    const problem = v ? periodProblem(normalizePeriod(v), undefined) : null;
                    if (problem) throw new Error(problem);
                  },
                },
              ]}
            >
              <PeriodInput periodType={indicator.periodType} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label="比较范围" name="peerGroup" rules={[{ required: true, whitespace: true, message: '请填写比较范围，如“金华市9个县（市、区）”' }]}>
              <AutoComplete options={groups.map((g) => ({ value: g }))} placeholder="如 金华市9个县（市、区）" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item label="名次" name="rank" rules={[{ required: true, message: '请填写名次' }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item
              label="参与单位数"
              name="peerCount"
              dependencies={['rank']}
              rules={[
                { required: true, message: '请填写' },
                ({ getFieldValue }) => ({
                  validator: async (_r, v?: number) => {
                    const rank = getFieldValue('rank') as number | undefined;
                    if (v != null && rank != null && rank > v) throw new Error('名次不能大于参与单位数');
                  },
                }),
              ]}
            >
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item label={`数值（${indicator.unit}）`} name="value">
              <InputNumber style={{ width: '100%' }} placeholder="选填" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label="来源文件" name="sourceTitle" rules={[{ required: true, whitespace: true, message: '请填写来源文件名称' }]}>
              <Input placeholder="如 金华市委组织部关于2022年度党建工作考核情况的通报" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item label="文号" name="sourceRef">
              <Input placeholder="如 金组通〔2023〕5号" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item label="发布日期" name="sourceDate">
              <Input placeholder="如 2023-02-15" maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
