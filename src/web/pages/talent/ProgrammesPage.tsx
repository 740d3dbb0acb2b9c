import { useState } from 'react';
import { Alert, App, Button, Checkbox, Col, Divider, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { DateInput } from '../ledger/DateInput';
import { useApi } from '../indicators/useApi';
import { ORG_TYPE_ZH } from '../../../shared/org-types';
import { EDUCATIONS, EDUCATION_ZH, EMPLOYER_TYPES, PROGRAMME_KINDS, PROGRAMME_KIND_ZH, TALENT_TIERS, type ProgrammeKind, type ProgrammeRules, type TalentTier } from '../../../shared/talent';
import { TalentNav } from './TalentNav';
import { fmtYuan, type Programme } from './types';
import { rulesSummary } from './display';

interface FormValues {
  code: string;
  name: string;
  kind: ProgrammeKind;
  ownerUnitId?: number;
  opensOn: string;
  closesOn?: string | null;
  rules: Omit<ProgrammeRules, 'amounts' | 'scores'> & { amounts: Partial<Record<TalentTier, number | null>>; scores: Partial<Record<TalentTier, number | null>> };
}

const EMPTY_RULES: FormValues['rules'] = { tiers: [], minEducation: null, employerRequired: true, employerTypes: ['enterprise'], minYearsInCounty: null, amounts: {}, scores: {}, documents: [{ key: 'degree', label: '学历学位证书', required: true }] };
const FIELDS = ['code', 'name', 'kind', 'ownerUnitId', 'opensOn', 'closesOn', 'rules'];

/** Drops tiers left empty, so "no amount" is absent rather than null. */
const clean = (m: Partial<Record<TalentTier, number | null>>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v != null)) as Partial<Record<TalentTier, number>>;

/**
 * 人才政策: the talent office keeps each programme's eligibility rules (tier, education, employer,
 * years in the county), the subsidy or score per tier, the documents to upload and the open
 * period. Applicants' submissions are checked against these rules.
 */
export default function ProgrammesPage() {
  const { message } = App.useApp();
  const list = useApi<Programme[]>('programmes', () => api.get<Programme[]>('/api/talent/programmes'));
  const [editing, setEditing] = useState<Programme | 'new' | null>(null);

  const columns: TableProps<Programme>['columns'] = [
    { title: '编码', dataIndex: 'code', width: 110 },
    {
      title: '政策名称',
      dataIndex: 'name',
      render: (name: string, p) => (
        <Space size={4} wrap>
          {name}
          <Tag>{p.kindName}</Tag>
        </Space>
      ),
    },
    { title: '申请条件', key: 'rules', render: (_: unknown, p) => <Typography.Text style={{ fontSize: 13 }}>{rulesSummary(p.rules)}</Typography.Text> },
    {
      title: '补助标准',
      key: 'amounts',
      render: (_: unknown, p) =>
        Object.keys(p.rules.amounts).length ? (
          <Typography.Text style={{ fontSize: 13 }}>
            {TALENT_TIERS.filter((t) => p.rules.amounts[t] != null)
              .map((t) => `${t}类 ${fmtYuan(p.rules.amounts[t]!)}`)
              .join('，')}
          </Typography.Text>
        ) : Object.keys(p.rules.scores).length ? (
          `分值：${TALENT_TIERS.filter((t) => p.rules.scores[t] != null)
            .map((t) => `${t}类${p.rules.scores[t]}`)
            .join('，')}`
        ) : (
          '—'
        ),
    },
    {
      title: '申请期',
      key: 'period',
      render: (_: unknown, p) => (
        <Space size={4} wrap>
          {p.periodText}
          {p.open ? <Tag color="success">受理中</Tag> : <Tag>未在申请期</Tag>}
        </Space>
      ),
    },
    { title: '主管单位', dataIndex: 'ownerName', responsive: ['lg'], width: 120 },
    {
      title: '操作',
      key: 'op',
      width: 80,
      render: (_: unknown, p) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={`修改 ${p.name}`}>
          修改
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <TalentNav />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          人才政策
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建政策
        </Button>
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table rowKey="id" size="small" columns={columns} dataSource={list.data ?? []} loading={list.loading} pagination={false} scroll={{ x: 1000 }} />
      {editing && (
        <ProgrammeModal
          programme={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            message.success(`已保存「${p.name}」`);
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </Flex>
  );
}

function ProgrammeModal({ programme, onClose, onSaved }: { programme: Programme | null; onClose: () => void; onSaved: (p: Programme) => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? programme?.kind ?? 'housing_subsidy';
  const employerRequired = Form.useWatch(['rules', 'employerRequired'], form);
  const initial: Partial<FormValues> = programme
    ? { code: programme.code, name: programme.name, kind: programme.kind, ownerUnitId: programme.ownerUnitId, opensOn: programme.opensOn, closesOn: programme.closesOn, rules: programme.rules }
    : { kind: 'housing_subsidy', rules: EMPTY_RULES };

  const save = async (v: FormValues) => {
    setSaving(true);
    const rules: ProgrammeRules = { ...v.rules, amounts: clean(v.rules.amounts ?? {}), scores: clean(v.rules.scores ?? {}), employerTypes: v.rules.employerRequired ? v.rules.employerTypes : [], documents: v.rules.documents ?? [] };
    try {
      const saved = programme
        ? await api.patch<Programme>(`/api/talent/programmes/${programme.id}`, { version: programme.version, name: v.name, ownerUnitId: v.ownerUnitId, opensOn: v.opensOn, closesOn: v.closesOn ?? null, rules })
        : await api.post<Programme>('/api/talent/programmes', { code: v.code, name: v.name, kind: v.kind, ownerUnitId: v.ownerUnitId, opensOn: v.opensOn, closesOn: v.closesOn ?? null, rules });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        modal.warning({ title: '该政策已被他人修改', content: '请关闭后重新打开，查看最新内容再修改。' });
      } else if (!applyServerErrors(form, err, FIELDS)) message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={programme ? `修改政策：${programme.name}` : '新建人才政策'} onCancel={onClose} onOk={() => form.submit()} okText="保存" cancelText="取消" confirmLoading={saving} width={760} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} scrollToFirstError>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="code" label="政策编码" rules={[{ required: true, message: '请填写政策编码' }]} extra="大写字母开头，如 RCGFBZ">
              <Input disabled={!!programme} maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label="政策名称" rules={[{ required: true, message: '请填写政策名称' }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="kind" label="政策类别" rules={[{ required: true, message: '请选择政策类别' }]}>
              <Select disabled={!!programme} options={PROGRAMME_KINDS.map((k) => ({ value: k, label: PROGRAMME_KIND_ZH[k] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="ownerUnitId" label="主管单位" extra="默认为本部门">
              <OrgUnitPicker types={['county', 'department', 'town', 'street']} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="opensOn" label="申请开始日期" rules={[{ required: true, message: '请填写申请开始日期' }]}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="closesOn" label="申请截止日期" extra="不填为长期受理">
              <DateInput allowClear />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          申请条件
        </Divider>
        <Form.Item name={['rules', 'tiers']} label="可申请的人才层次" extra="不选为不限">
          <Checkbox.Group options={TALENT_TIERS.map((t) => ({ value: t, label: `${t}类` }))} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name={['rules', 'minEducation']} label="最低学历">
              <Select allowClear placeholder="不限" options={EDUCATIONS.map((e) => ({ value: e, label: EDUCATION_ZH[e] }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name={['rules', 'minYearsInCounty']} label="在本县工作年限（年）">
              <InputNumber min={0} max={50} placeholder="不限" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name={['rules', 'employerRequired']} label="须有本县用人单位" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        {employerRequired && (
          <Form.Item name={['rules', 'employerTypes']} label="用人单位类型" extra="不选为不限">
            <Checkbox.Group options={EMPLOYER_TYPES.map((t) => ({ value: t, label: ORG_TYPE_ZH[t] }))} />
          </Form.Item>
        )}
        <Divider titlePlacement="start" plain>
          {kind === 'apartment' ? '配租配售分值（按分值、再按申请时间排序）' : '补助标准（元）'}
        </Divider>
        <Row gutter={12}>
          {TALENT_TIERS.map((t) => (
            <Col xs={12} sm={8} md={4} key={t} style={{ minWidth: 130 }}>
              <Form.Item name={['rules', kind === 'apartment' ? 'scores' : 'amounts', t]} label={`${t}类`}>
                <InputNumber min={0} max={kind === 'apartment' ? 1000 : 100_000_000} step={kind === 'apartment' ? 1 : 10_000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider titlePlacement="start" plain>
          申请材料
        </Divider>
        <Form.List name={['rules', 'documents']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'label']} rules={[{ required: true, message: '请填写材料名称' }]}>
                    <Input placeholder="材料名称，如 购房合同" style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true, message: '请填写材料标识' }]}>
                    <Input placeholder="标识，如 purchase" style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" initialValue>
                    <Checkbox>必须上传</Checkbox>
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除这项材料" />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ required: true })}>
                添加材料
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
