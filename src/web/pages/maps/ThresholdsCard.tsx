import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Form, InputNumber, Row, Space, Typography } from 'antd';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { CARE_COLOUR_ZH, CareThresholdsSchema, type CareColour, type CareThresholds } from '../../../shared/maps';
import { fmtNum } from '../indicators/format';
import { CARE_HEX, CARE_ORDER, thresholdsText } from './care';
import { Swatch } from './Swatch';

export interface ThresholdsCardProps {
  thresholds: CareThresholds;
  version: number;
  canEdit: boolean;
  /** Saved, or someone else's newer standard chosen: the page reloads the map. */
  onChanged: () => void;
}

const FIELDS: { key: keyof CareThresholds; label: string; unit: string }[] = [
  { key: 'greenBeds', label: '绿色床位标准', unit: '张/千人' },
  { key: 'greenKm', label: '绿色距离标准', unit: '公里' },
  { key: 'redBeds', label: '红色床位标准', unit: '张/千人' },
  { key: 'redKm', label: '红色距离标准', unit: '公里' },
];

const show = (t: CareThresholds) => Object.fromEntries(FIELDS.map((f) => [f.key, `${fmtNum(t[f.key])} ${f.unit}`]));

interface Conflict {
  mine: CareThresholds;
  theirs: CareThresholds;
  version: number;
}

/**
 * 三色图标准: the rule in words for everyone; for planners (define:indicators) the four figures
 * to edit. Saving carries the version read; if someone saved meanwhile, the edits stay in the
 * form and both versions are shown side by side.
 */
export function ThresholdsCard({ thresholds, version, canEdit, onChanged }: ThresholdsCardProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ thresholds: CareThresholds }>();
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const words = thresholdsText(thresholds);

  // A new version from the server (saved here, or reloaded) becomes the form's starting point.
  useEffect(() => {
    form.setFieldsValue({ thresholds });
    // Keyed on the version alone: the same standard re-read must not wipe edits in progress.
  }, [version, form]);

  const save = async (mine: CareThresholds, base: number) => {
    setSaving(true);
    try {
      await api.put<{ thresholds: CareThresholds; version: number }>('/api/maps/care/thresholds', { thresholds: mine, version: base });
      setConflict(null);
      message.success('标准已保存，三色图已按新标准重新计算');
      onChanged();
    } catch (err) {
      const current = err instanceof ApiError && err.status === 409 ? (err.current as { thresholds?: CareThresholds; version?: number } | undefined) : undefined;
      if (current?.thresholds && current.version != null) {
        setConflict({ mine, theirs: current.thresholds, version: current.version });
      } else if (err instanceof ApiError && err.status === 409) {
        message.error('标准已被他人修改，请刷新后再保存');
      } else if (!applyServerErrors(form, err, ['thresholds'])) {
        message.error(errorText(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = (values: { thresholds: CareThresholds }) => {
    const parsed = CareThresholdsSchema.safeParse(values.thresholds);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: ['thresholds', i.path[0] as keyof CareThresholds] as ['thresholds', keyof CareThresholds], errors: [i.message] })));
      return;
    }
    void save(parsed.data, version);
  };

  return (
    <Card size="small" title="三色图标准" data-testid="care-thresholds">
      <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: canEdit ? 12 : 0 }}>
        {CARE_ORDER.slice()
          .reverse()
          .map((c: CareColour) => (
            <div key={c} style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
              <Swatch colour={c} />
              <span>
                <strong style={{ color: CARE_HEX[c] }}>{CARE_COLOUR_ZH[c]}</strong>：{words[c]}
              </span>
            </div>
          ))}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          床位按每千名60岁以上老人计；距离为到最近养老设施的直线距离。
        </Typography.Text>
      </Space>
      {canEdit && (
        <Form form={form} layout="vertical" size="small" onFinish={submit} initialValues={{ thresholds }} requiredMark={false}>
          <Row gutter={12}>
            {FIELDS.map((f) => (
              <Col span={12} key={f.key}>
                <Form.Item label={f.label} name={['thresholds', f.key]} rules={[{ required: true, message: `请填写${f.label}` }]} style={{ marginBottom: 12 }}>
                  <InputNumber min={0} max={f.unit === '公里' ? 100 : 1000} step={f.unit === '公里' ? 0.5 : 5} suffix={f.unit} style={{ width: '100%' }} aria-label={f.label} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={saving}>
              保存标准
            </Button>
            <Button onClick={() => form.setFieldsValue({ thresholds })} disabled={saving}>
              恢复为当前标准
            </Button>
          </Space>
        </Form>
      )}
      {conflict && (
        <VersionConflictModal
          open
          fields={FIELDS.map((f) => ({ key: f.key, label: f.label }))}
          mine={show(conflict.mine)}
          theirs={show(conflict.theirs)}
          busy={saving}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            form.setFieldsValue({ thresholds: conflict.theirs });
            setConflict(null);
            onChanged();
          }}
          onReapplyMine={() => void save(conflict.mine, conflict.version)}
        />
      )}
    </Card>
  );
}
