import { useCallback, useEffect, useState } from 'react';
import { Alert, App, AutoComplete, Button, DatePicker, Descriptions, Drawer, Flex, Form, Grid, Input, InputNumber, Modal, Popconfirm, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { EditOutlined, FileDoneOutlined, UnlockOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { CONTRACT_KINDS, CONTRACT_KIND_ZH, type ContractKind } from '../../../shared/talent';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { CONTRACT_STATE_COLOR, STATUS_COLOR, type Contract, type Flat, type FlatDetail } from './ApartmentsShared';
import { useFormDraft } from '../../components/useFormDraft';

interface FlatValues {
  orgUnitId: number;
  estate: string;
  building: string;
  unitNo: string;
  area: number;
}

const FLAT_FIELDS = ['orgUnitId', 'estate', 'building', 'unitNo', 'area', 'status'] as const;
const CONFLICT_FIELDS = [
  { key: 'orgUnitName', label: '所在镇街' },
  { key: 'estate', label: '小区（项目）' },
  { key: 'building', label: '楼栋' },
  { key: 'unitNo', label: '房号' },
  { key: 'area', label: '面积（㎡）' },
  { key: 'statusName', label: '状态' },
];
const asText = (f: Pick<Flat, 'orgUnitName' | 'estate' | 'building' | 'unitNo' | 'area' | 'statusName'>): Record<string, string> => ({
  orgUnitName: f.orgUnitName,
  estate: f.estate,
  building: f.building,
  unitNo: f.unitNo,
  area: String(f.area),
  statusName: f.statusName,
});

/** 新增 / 修改房源. A new flat's values are kept as a draft until saved; an edit is checked against the version it started from. */
export function FlatFormModal({ flat, estates, onSaved, onCancel }: { flat: Flat | null; estates: string[]; onSaved: (f: Flat) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FlatValues>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ mine: FlatValues; theirs: Flat } | null>(null);
  const [version, setVersion] = useState(flat?.version);
  const draft = useFormDraft(form, flat ? null : 'apartment-new', { storage: 'session' });

  const submit = async (v: FlatValues, asOf = version) => {
    setBusy(true);
    try {
      const body = { orgUnitId: v.orgUnitId, estate: v.estate.trim(), building: v.building.trim(), unitNo: v.unitNo.trim(), area: v.area };
      const saved = flat ? await api.patch<Flat>(`/api/apartments/${flat.id}`, { ...body, version: asOf }) : await api.post<Flat>('/api/apartments', body);
      draft.clear();
      message.success(flat ? `已保存「${saved.label}」` : `已新增房源「${saved.label}」`);
      setConflict(null);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) setConflict({ mine: v, theirs: err.current as Flat });
      else if (!applyServerErrors(form, err, FLAT_FIELDS)) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Modal open title={flat ? `修改房源：${flat.label}` : '新增房源'} okText="保存" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 560 }}>
        <Form<FlatValues>
          form={form}
          layout="vertical"
          initialValues={flat ? { orgUnitId: flat.orgUnitId, estate: flat.estate, building: flat.building, unitNo: flat.unitNo, area: flat.area } : undefined}
          onValuesChange={draft.onValuesChange}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item label="所在镇街" name="orgUnitId" rules={[{ required: true, message: '请选择房源所在的镇（街道）' }]}>
            <OrgUnitPicker allowClear={false} types={['town', 'street', 'village', 'community']} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="小区（项目）" name="estate" rules={[{ required: true, whitespace: true, message: '请填写小区（项目）' }]}>
            <AutoComplete options={estates.map((e) => ({ value: e }))} placeholder="选择已有小区，或输入新的名称" filterOption={(input, o) => String(o?.value ?? '').includes(input)} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item label="楼栋" name="building" rules={[{ required: true, whitespace: true, message: '请填写楼栋' }]} style={{ flex: '1 1 120px' }}>
              <Input maxLength={20} placeholder="如：3幢" />
            </Form.Item>
            <Form.Item label="房号" name="unitNo" rules={[{ required: true, whitespace: true, message: '请填写房号' }]} style={{ flex: '1 1 120px' }}>
              <Input maxLength={20} placeholder="如：1202" />
            </Form.Item>
            <Form.Item label="面积（平方米）" name="area" rules={[{ required: true, message: '请填写面积' }]} style={{ flex: '1 1 140px' }}>
              <InputNumber min={1} max={9999} step={0.5} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          {!flat && <Typography.Text type="secondary">新增的房源为“空置”；签订合同后变为已出租或已售。</Typography.Text>}
        </Form>
      </Modal>
      {conflict && flat && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={asText({ ...conflict.mine, orgUnitName: conflict.mine.orgUnitId === conflict.theirs.orgUnitId ? conflict.theirs.orgUnitName : '（已改）', statusName: flat.statusName })}
          theirs={asText(conflict.theirs)}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            const t = conflict.theirs;
            form.setFieldsValue({ orgUnitId: t.orgUnitId, estate: t.estate, building: t.building, unitNo: t.unitNo, area: t.area });
            setVersion(t.version);
            setConflict(null);
          }}
          onReapplyMine={() => {
            setVersion(conflict.theirs.version);
            void submit(conflict.mine, conflict.theirs.version);
          }}
        />
      )}
    </>
  );
}

interface ContractValues {
  kind: ContractKind;
  personId: number;
  signedOn: Dayjs;
  startDate: Dayjs;
  endDate?: Dayjs | null;
}

/** 签订合同. A reserved flat is signed with the applicant the rule gave it to, shown here already chosen. */
export function ContractFormModal({ flat, onSaved, onCancel }: { flat: Flat; onSaved: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ContractValues>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  const r = flat.reservation;
  const save = async (v: ContractValues) => {
    setBusy(true);
    try {
      await api.post(`/api/apartments/${flat.id}/contracts`, {
        version: flat.version,
        kind: v.kind,
        personId: v.personId,
        signedOn: v.signedOn.format('YYYY-MM-DD'),
        startDate: v.startDate.format('YYYY-MM-DD'),
        endDate: v.kind === 'sale' || !v.endDate ? null : v.endDate.format('YYYY-MM-DD'),
      });
      message.success(`已签订「${flat.label}」${CONTRACT_KIND_ZH[v.kind]}合同`);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        message.warning('该房源刚被他人修改，已刷新');
        onSaved();
      } else if (!applyServerErrors(form, err, ['kind', 'personId', 'signedOn', 'startDate', 'endDate'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const today = dayjs();
  return (
    <Modal open title={`签订合同：${flat.label}`} okText="签订" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 560 }}>
      {r && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`该房源已按规则分配给「${r.personName}」（第 ${r.rank} 名），只能与其签约`} />}
      <Form<ContractValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: r ? 'free_rent' : undefined, personId: r?.personId, signedOn: today, startDate: today, endDate: today.add(3, 'year').subtract(1, 'day') }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item label="合同类型" name="kind" rules={[{ required: true, message: '请选择合同类型' }]}>
          <Select placeholder="请选择" options={CONTRACT_KINDS.map((k) => ({ value: k, label: CONTRACT_KIND_ZH[k] }))} />
        </Form.Item>
        <Form.Item label="合同人" name="personId" rules={[{ required: true, message: '请选择合同人' }]}>
          <PersonPicker style={{ width: '100%' }} initialLabel={r?.personName} disabled={!!r} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label="签订日期" name="signedOn" rules={[{ required: true, message: '请选择签订日期' }]} style={{ flex: '1 1 150px' }}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} />
          </Form.Item>
          <Form.Item label={kind === 'sale' ? '交房日期' : '起租日期'} name="startDate" rules={[{ required: true, message: '请选择日期' }]} style={{ flex: '1 1 150px' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          {kind !== 'sale' && (
            <Form.Item label="租期结束" name="endDate" rules={[{ required: true, message: '请选择租期结束日期' }]} style={{ flex: '1 1 150px' }}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          )}
        </Flex>
      </Form>
    </Modal>
  );
}

/** 终止合同: the flat becomes free again. */
export function TerminateModal({ contract, label, onSaved, onCancel }: { contract: Contract; label: string; onSaved: () => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ terminatedOn: Dayjs; reason: string }>();
  const [busy, setBusy] = useState(false);
  const save = async (v: { terminatedOn: Dayjs; reason: string }) => {
    setBusy(true);
    try {
      await api.post(`/api/apartment-contracts/${contract.id}/terminate`, { terminatedOn: v.terminatedOn.format('YYYY-MM-DD'), reason: v.reason.trim() });
      message.success('合同已终止，房源恢复空置');
      onSaved();
    } catch (err) {
      if (!applyServerErrors(form, err, ['terminatedOn', 'reason'])) message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`终止合同：${label}`} okText="终止合同" okButtonProps={{ danger: true }} onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${contract.kindName} · ${contract.personName}`} description={`${contract.startDate} 起${contract.endDate ? `，至 ${contract.endDate}` : ''}`} />
      <Form form={form} layout="vertical" initialValues={{ terminatedOn: dayjs() }} onFinish={(v) => void save(v)}>
        <Form.Item label="终止日期" name="terminatedOn" rules={[{ required: true, message: '请选择终止日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(contract.signedOn, 'day') || d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label="原因" name="reason" rules={[{ required: true, whitespace: true, message: '请填写终止原因' }]}>
          <Input maxLength={200} placeholder="如：租期届满退房；购房后退出" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One flat: where it is, who holds it, every contract it has had, and what may be done with it. */
export function FlatDrawer({ flatId, estates, onClose, onChanged }: { flatId: number | null; estates: string[]; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [flat, setFlat] = useState<FlatDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [signing, setSigning] = useState(false);
  const [ending, setEnding] = useState<Contract | null>(null);

  const load = useCallback(async (id: number) => {
    setError(null);
    try {
      setFlat(await api.get<FlatDetail>(`/api/apartments/${id}`));
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => {
    setFlat(null);
    if (flatId) void load(flatId);
  }, [flatId, load]);
  const changed = async () => {
    setEditing(false);
    setSigning(false);
    setEnding(null);
    if (flatId) await load(flatId);
    onChanged();
  };
  const release = async () => {
    if (!flat) return;
    try {
      await api.patch(`/api/apartments/${flat.id}`, { version: flat.version, status: 'free' });
      message.success('已释放预留，房源恢复空置；该申请回到待分配');
      await changed();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const f = flat;
  return (
    <Drawer
      open={flatId != null}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={f ? f.label : '房源'}
      extra={
        f && (
          <Space wrap>
            {(f.status === 'free' || f.status === 'reserved') && (
              <Button type="primary" icon={<FileDoneOutlined />} onClick={() => setSigning(true)}>
                签订合同
              </Button>
            )}
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              修改
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!f && !error && <Spin />}
      {f && (
        <Flex vertical gap={16}>
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label="小区（项目）">{f.estate}</Descriptions.Item>
            <Descriptions.Item label="楼栋 / 房号">
              {f.building} {f.unitNo}
            </Descriptions.Item>
            <Descriptions.Item label="所在镇街">{f.orgUnitName}</Descriptions.Item>
            <Descriptions.Item label="面积">{f.area} ㎡</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[f.status]}>{f.statusName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="合同人 / 预留给">{f.contract?.personName ?? f.reservation?.personName ?? '—'}</Descriptions.Item>
          </Descriptions>
          {f.reservation && (
            <Alert
              type="warning"
              showIcon
              title={`按规则分配给「${f.reservation.personName}」（第 ${f.reservation.rank} 名），待签约`}
              description={<Link to={`/talent/apartments/allocations/${f.reservation.allocationId}`}>查看公布的分配结果</Link>}
              action={
                <Popconfirm title="释放后房源恢复空置，该申请回到待分配。确定释放？" okText="释放" cancelText="取消" onConfirm={() => void release()}>
                  <Button size="small" icon={<UnlockOutlined />}>
                    释放预留
                  </Button>
                </Popconfirm>
              }
            />
          )}
          <div>
            <Typography.Title level={5}>合同记录</Typography.Title>
            <Table<Contract>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={f.contracts}
              scroll={{ x: 560 }}
              locale={{ emptyText: '尚无合同' }}
              columns={[
                { title: '类型', dataIndex: 'kindName', width: 80 },
                { title: '合同人', dataIndex: 'personName', render: (n: string, c) => (<>{n}<div style={{ fontSize: 12, color: '#999' }}>{c.personUnitName}</div></>) },
                { title: '期限', key: 'dates', render: (_, c) => `${c.startDate} 至 ${c.endDate ?? '长期'}` },
                { title: '签订', dataIndex: 'signedOn', width: 100 },
                { title: '状态', dataIndex: 'stateName', width: 110, render: (s: string, c) => (<Tag color={CONTRACT_STATE_COLOR[c.state]}>{c.terminatedOn ? `${s}（${c.terminatedOn}）` : s}</Tag>) },
                {
                  title: '',
                  key: 'end',
                  width: 90,
                  render: (_, c) =>
                    !c.terminatedOn && (
                      <Button size="small" danger onClick={() => setEnding(c)}>
                        终止
                      </Button>
                    ),
                },
              ]}
            />
          </div>
        </Flex>
      )}
      {editing && f && <FlatFormModal flat={f} estates={estates} onCancel={() => setEditing(false)} onSaved={() => void changed()} />}
      {signing && f && <ContractFormModal flat={f} onCancel={() => setSigning(false)} onSaved={() => void changed()} />}
      {ending && f && <TerminateModal contract={ending} label={f.label} onCancel={() => setEnding(null)} onSaved={() => void changed()} />}
    </Drawer>
  );
}
