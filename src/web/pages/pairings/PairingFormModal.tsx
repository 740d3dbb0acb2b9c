import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Flex, Form, Input, Modal, Radio, Select } from 'antd';
import {
  ENTREPRENEUR_LABEL,
  JOINT_UNIT_LABEL,
  LEAD_UNIT_LABEL,
  LEADER_LABEL,
  MEMBER_UNIT_LABEL,
  PAIRING_KIND_ZH,
  PAIRING_KINDS,
  type PairingDetail,
  type PairingKind,
} from '../../../shared/pairings';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { errorText, toNamePath } from '../../components/applyServerErrors';
import { OrgUnitMultiPicker } from '../../components/OrgUnitMultiPicker';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { DateInput } from '../ledger/DateInput';
import { PeopleMultiPicker } from '../ledger/PeopleMultiPicker';
import { useDraft } from './useDraft';

/** The form's values: the parties as the kind asks for them, turned into the API's list on saving. */
interface Values {
  kind: PairingKind;
  title: string;
  purpose: string;
  ownerUnitId?: number;
  startDate?: string | null;
  endDate?: string | null;
  leaderId?: number;
  entrepreneurId?: number;
  unitIds?: number[];
  leadUnitId?: number | null;
  personIds?: number[];
}

const FIELDS = ['kind', 'title', 'purpose', 'ownerUnitId', 'startDate', 'endDate', 'leaderId', 'entrepreneurId', 'unitIds', 'leadUnitId', 'personIds'];
const unitKinds = (k: PairingKind) => k === 'joint_building' || k === 'belt';

/** Names of picked units for the 牵头单位 choice, fetched once each (the picker keeps its own). */
function useUnitNames(ids: number[], known: { id: number; name: string }[]) {
  const [names, setNames] = useState<Map<number, string>>(() => new Map(known.map((u) => [u.id, u.name])));
  const missing = ids.filter((id) => !names.has(id)).join(',');
  useEffect(() => {
    if (!missing) return;
    let cancelled = false;
    void Promise.all(missing.split(',').map((id) => api.get<{ id: number; name: string }>(`/api/org/units/${id}`).catch(() => null))).then((units) => {
      if (cancelled) return;
      setNames((prev) => new Map([...prev, ...units.flatMap((u) => (u ? [[u.id, u.name] as const] : []))]));
    });
    return () => {
      cancelled = true;
    };
  }, [missing]);
  return names;
}

function partiesOf(v: Values) {
  if (v.kind === 'leader_entrepreneur')
    return [
      ...(v.leaderId ? [{ personId: v.leaderId, roleLabel: LEADER_LABEL }] : []),
      ...(v.entrepreneurId ? [{ personId: v.entrepreneurId, roleLabel: ENTREPRENEUR_LABEL }] : []),
    ];
  const member = v.kind === 'joint_building' ? JOINT_UNIT_LABEL : MEMBER_UNIT_LABEL;
  const units = (v.unitIds ?? []).map((id) => ({ orgUnitId: id, roleLabel: id === v.leadUnitId ? LEAD_UNIT_LABEL : member }));
  if (unitKinds(v.kind)) return units;
  return [...(v.personIds ?? []).map((id) => ({ personId: id, roleLabel: '结对人' })), ...units];
}

function valuesOf(d: PairingDetail): Values {
  const persons = d.parties.filter((p) => p.personId);
  const units = d.parties.filter((p) => p.orgUnitId);
  return {
    kind: d.kind,
    title: d.title,
    purpose: d.purpose,
    ownerUnitId: d.ownerUnitId,
    startDate: d.startDate,
    endDate: d.endDate,
    leaderId: persons.find((p) => p.roleLabel === LEADER_LABEL)?.personId ?? undefined,
    entrepreneurId: persons.find((p) => p.roleLabel === ENTREPRENEUR_LABEL)?.personId ?? undefined,
    unitIds: units.map((p) => p.orgUnitId!),
    leadUnitId: units.find((p) => p.roleLabel === LEAD_UNIT_LABEL)?.orgUnitId ?? null,
    personIds: persons.map((p) => p.personId!),
  };
}

/** Which field shows a server issue about the parties ("parties", "parties.1.personId"). */
function partiesField(v: Values, path: string): string {
  const index = Number(path.split('.')[1]);
  if (v.kind === 'leader_entrepreneur') {
    const parties = partiesOf(v);
    if (Number.isInteger(index)) return parties[index]?.roleLabel === ENTREPRENEUR_LABEL ? 'entrepreneurId' : 'leaderId';
    return v.leaderId ? 'entrepreneurId' : 'leaderId';
  }
  if (unitKinds(v.kind)) return 'unitIds';
  return Number.isInteger(index) && index < (v.personIds ?? []).length ? 'personIds' : 'unitIds';
}

const PURPOSE_HINT: Record<PairingKind, string> = {
  leader_entrepreneur: '如：每季度至少走访或座谈一次，听取意见建议，帮助解决发展难题',
  joint_building: '如：组织共建、党员共育、资源共享、产业共兴、治理共抓',
  belt: '如：串联沿线村社和企业，以党建联建带动产业协作和村集体增收',
  other: '结对的目的和主要任务',
};

/**
 * 新建 / 修改结对. The parties follow the kind: a leader and an entrepreneur from the registry, or
 * the units of a 联建 or a belt (one of them may lead). A new pairing's draft is kept in this browser.
 */
export function PairingFormModal({ pairing, onSaved, onCancel }: { pairing?: PairingDetail; onSaved: (p: PairingDetail) => void; onCancel: () => void }) {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ mine: Values; theirs: PairingDetail } | null>(null);
  const draft = useDraft<Values>('pairing-new');
  const initial = useMemo<Values>(
    () => (pairing ? valuesOf(pairing) : { kind: 'joint_building', title: '', purpose: '', ownerUnitId: me.orgUnitId, startDate: null, endDate: null, unitIds: [], personIds: [], ...(draft.initial ?? {}) }),
    [pairing, me.orgUnitId, draft.initial],
  );
  const kind = Form.useWatch('kind', form) ?? initial.kind;
  const unitIds = Form.useWatch('unitIds', form) ?? initial.unitIds ?? [];
  const knownUnits = pairing?.parties.filter((p) => p.orgUnitId).map((p) => ({ id: p.orgUnitId!, name: p.name })) ?? [];
  const knownPeople = pairing?.parties.filter((p) => p.personId).map((p) => ({ id: p.personId!, name: p.name })) ?? [];
  const nameOf = (id?: number | null) => pairing?.parties.find((p) => p.personId === id || p.orgUnitId === id)?.name;
  const unitNames = useUnitNames(unitIds, knownUnits);

  const save = async (v: Values, version?: number) => {
    setBusy(true);
    setAlert(null);
    const body = { kind: v.kind, title: v.title.trim(), purpose: v.purpose.trim(), ownerUnitId: v.ownerUnitId, startDate: v.startDate, endDate: v.endDate || null, parties: partiesOf(v) };
    try {
      const saved = pairing ? await api.put<PairingDetail>(`/api/pairings/${pairing.id}`, { ...body, version: version ?? pairing.version }) : await api.post<PairingDetail>('/api/pairings', body);
      if (!pairing) draft.clear();
      message.success(pairing ? '已保存' : `已新建结对「${saved.title}」`);
      setConflict(null);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict && pairing) {
        setConflict({ mine: v, theirs: err.current as PairingDetail });
        return;
      }
      if (err instanceof ApiError && err.fieldIssues.length) {
        const byField = new Map<string, string[]>();
        for (const i of err.fieldIssues) {
          const top = i.path.split('.')[0];
          const field = top === 'parties' ? partiesField(v, i.path) : FIELDS.includes(top) ? i.path : null;
          if (field) byField.set(field, [...(byField.get(field) ?? []), i.message]);
        }
        if (byField.size) {
          form.setFields([...byField].map(([name, errors]) => ({ name: toNamePath(name), errors })) as Parameters<typeof form.setFields>[0]);
          form.scrollToField(toNamePath([...byField.keys()][0]), { block: 'center' });
          return;
        }
      }
      setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const text = (v: Values | PairingDetail) => {
    const x = 'parties' in v ? valuesOf(v) : v;
    return { title: x.title, purpose: x.purpose, period: `${x.startDate ?? ''} 至 ${x.endDate || '不定期'}` };
  };

  return (
    <Modal
      open
      title={pairing ? `修改结对：${pairing.title}` : '新建结对'}
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={onCancel}
      destroyOnHidden
      width={{ xs: '100%', md: 680 }}
    >
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        // The draft keeps the typed text and dates; picked people and units are chosen again (the pickers know them by search).
        onValuesChange={(_, all) => !pairing && draft.save({ kind: all.kind, title: all.title, purpose: all.purpose, startDate: all.startDate, endDate: all.endDate })}
        onFinish={(v) => void save(v)}
      >
        <Form.Item label="结对类型" name="kind" rules={[{ required: true, message: '请选择结对类型' }]}>
          <Radio.Group optionType="button" options={PAIRING_KINDS.map((k) => ({ value: k, label: PAIRING_KIND_ZH[k] }))} />
        </Form.Item>
        <Form.Item label="结对名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写结对名称' }]}>
          <Input maxLength={100} placeholder={kind === 'belt' ? '如：五金产业共富党建示范带' : '如：塘头村—示范五金公司党建联建'} />
        </Form.Item>
        {kind === 'leader_entrepreneur' && (
          <Flex gap={12} wrap>
            <Form.Item label="联系领导" name="leaderId" rules={[{ required: true, message: '请选择联系领导' }]} style={{ flex: '1 1 240px' }} extra="人员库中的党政领导干部">
              <PersonPicker style={{ width: '100%' }} initialLabel={nameOf(initial.leaderId)} />
            </Form.Item>
            <Form.Item label="新生代企业家" name="entrepreneurId" rules={[{ required: true, message: '请选择企业家' }]} style={{ flex: '1 1 240px' }}>
              <PersonPicker style={{ width: '100%' }} initialLabel={nameOf(initial.entrepreneurId)} />
            </Form.Item>
          </Flex>
        )}
        {kind === 'other' && (
          <Form.Item label="结对人员" name="personIds">
            <PeopleMultiPicker known={knownPeople} />
          </Form.Item>
        )}
        {kind !== 'leader_entrepreneur' && (
          <>
            <Form.Item
              label={kind === 'belt' ? '沿线单位' : kind === 'joint_building' ? '联建单位（党组织）' : '结对单位'}
              name="unitIds"
              rules={unitKinds(kind) ? [{ required: true, type: 'array', min: 2, message: kind === 'belt' ? '示范带须有至少两个沿线单位' : '党建联建须有至少两个联建单位' }] : []}
            >
              <OrgUnitMultiPicker known={knownUnits} />
            </Form.Item>
            {unitIds.length > 1 && (
              <Form.Item label="牵头单位" name="leadUnitId" extra="可不选">
                <Select
                  allowClear
                  placeholder="不设牵头单位"
                  options={unitIds.map((id) => ({ value: id, label: unitNames.get(id) ?? '…' }))}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item label="结对目的与主要任务" name="purpose" rules={[{ required: true, whitespace: true, message: '请填写结对目的和主要任务' }]}>
          <Input.TextArea maxLength={1000} rows={3} placeholder={PURPOSE_HINT[kind]} />
        </Form.Item>
        <Form.Item label="负责单位" name="ownerUnitId" rules={[{ required: true, message: '请选择负责单位' }]} extra="负责单位及其上级可修改结对、登记联系；结对各单位可以查看">
          <OrgUnitPicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item label="开始日期" name="startDate" rules={[{ required: true, message: '请选择开始日期' }]} style={{ flex: '1 1 160px' }}>
            <DateInput />
          </Form.Item>
          <Form.Item
            label="计划结束"
            name="endDate"
            style={{ flex: '1 1 160px' }}
            dependencies={['startDate']}
            extra="不填为长期"
            rules={[({ getFieldValue }) => ({ validator: (_, v?: string | null) => (!v || !getFieldValue('startDate') || v >= getFieldValue('startDate') ? Promise.resolve() : Promise.reject(new Error('结束日期不能早于开始日期'))) })]}
          >
            <DateInput />
          </Form.Item>
        </Flex>
      </Form>
      {conflict && pairing && (
        <VersionConflictModal
          open
          busy={busy}
          fields={[
            { key: 'title', label: '名称' },
            { key: 'purpose', label: '目的' },
            { key: 'period', label: '期限' },
          ]}
          mine={text(conflict.mine)}
          theirs={text(conflict.theirs)}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            const theirs = conflict.theirs;
            setConflict(null);
            onSaved(theirs);
          }}
          onReapplyMine={() => void save(conflict.mine, conflict.theirs.version)}
        />
      )}
    </Modal>
  );
}
