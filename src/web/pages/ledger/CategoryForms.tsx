import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Row, Space, Switch, Tag } from 'antd';
import { PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { RECORD_KIND_ZH, type AttributeDef, type RecordKind } from '../../../shared/ledger';
import { api, ApiError } from '../../api';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { AttributesEditor, toDefs, toRows, type AttributeRow } from './AttributesEditor';
import type { Category } from './types';

interface EditValues {
  name: string;
  slaDays?: number | null;
  sensitive?: boolean;
  attributes?: AttributeRow[];
}
const EDIT_FIELDS = ['name', 'slaDays', 'sensitive', 'attributes'];
const CONFLICT_FIELDS = [
  { key: 'name', label: '名称' },
  { key: 'slaDays', label: '办理时限' },
  { key: 'sensitive', label: '敏感' },
  { key: 'attributes', label: '扩展属性' },
];

/** The stored category row sent back with a 409 (the table's shape, not the view's). */
interface CategoryRowConflict {
  name: string;
  slaDays: number | null;
  sensitive: boolean;
  attributes: AttributeDef[];
  version: number;
}

const conflictText = (v: { name: string; slaDays?: number | null; sensitive?: boolean; attributes?: AttributeDef[] }) => ({
  name: v.name,
  slaDays: v.slaDays ? `${v.slaDays} 天` : '',
  sensitive: v.sensitive ? '是' : '否',
  attributes: (v.attributes ?? []).map((a) => `${a.label}（${a.key}）`).join('\n'),
});

/** One category: rename, deadline and sensitivity (cases), attributes, 停用/启用. */
export function CategoryEditor({ category, parent, onSaved, onAddChild }: { category: Category; parent?: Category; onSaved: () => void; onAddChild: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ mine: EditValues; theirs: CategoryRowConflict } | null>(null);
  const isCase = category.kind === 'case';
  // The view carries effective values (nearest ancestor's deadline; sensitive if any ancestor is):
  // one equal to the parent's is taken as inherited, so saving does not pin it here.
  const inheritsSla = !!parent && parent.slaDays != null && parent.slaDays === category.slaDays;
  const inheritsSensitive = !!parent?.sensitive;

  const patch = async (body: Record<string, unknown>, version = category.version) => {
    setBusy(true);
    try {
      await api.patch(`/api/ledger/categories/${category.id}`, { ...body, version });
      message.success('已保存');
      setConflict(null);
      onSaved();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        setConflict({ mine: form.getFieldsValue(true), theirs: err.current as CategoryRowConflict });
      } else if (!applyServerErrors(form, err, EDIT_FIELDS)) message.error(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const save = (v: EditValues, version?: number) =>
    patch({ name: v.name.trim(), attributes: toDefs(v.attributes), ...(isCase ? { slaDays: v.slaDays ?? null, sensitive: !!v.sensitive } : {}) }, version);

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{category.fullName}</span>
          {category.archived && <Tag>已停用</Tag>}
          {category.sensitive && <Tag color="red">敏感</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={onAddChild} disabled={category.archived}>
            新建下级类别
          </Button>
          {category.archived ? (
            <Button icon={<UndoOutlined />} onClick={() => void patch({ archived: false })}>
              启用
            </Button>
          ) : (
            <Popconfirm title={`停用类别「${category.name}」？`} description="停用后不能再登记该类记录，已有记录和统计不受影响。" okText="停用" cancelText="取消" onConfirm={() => patch({ archived: true })}>
              <Button icon={<StopOutlined />} danger>
                停用
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
      data-testid="category-editor"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'code', label: '编码', children: <code>{category.code}</code> },
          { key: 'parent', label: '上级类别', children: parent?.fullName ?? '（顶级）' },
          ...(isCase ? [{ key: 'sla', label: '实际办理时限', children: category.slaDays ? `${category.slaDays} 天${inheritsSla ? '（沿用上级）' : ''}` : '未设' }] : []),
        ]}
      />
      <Form<EditValues>
        key={`${category.id}-${category.version}`}
        form={form}
        layout="vertical"
        initialValues={{ name: category.name, slaDays: inheritsSla ? null : category.slaDays, sensitive: category.sensitive && !inheritsSensitive, attributes: toRows(category.attributes) }}
        onFinish={(v) => void save(v)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={isCase ? 12 : 24}>
            <Form.Item label="类别名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写类别名称' }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          {isCase && (
            <>
              <Col xs={12} sm={6}>
                <Form.Item label="办理时限" name="slaDays" extra="不填则沿用上级">
                  <InputNumber min={1} max={3650} precision={0} suffix="天" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6}>
                <Form.Item label="敏感" name="sensitive" valuePropName="checked" extra={inheritsSensitive ? '上级已是敏感类别' : '仅有权限者可见，查看留痕'}>
                  <Switch aria-label="敏感" disabled={inheritsSensitive} />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        <AttributesEditor inherited={category.inheritedAttributes} />
        <Flex justify="flex-end">
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            保存类别
          </Button>
        </Flex>
      </Form>
      {conflict && (
        <VersionConflictModal
          open
          fields={CONFLICT_FIELDS}
          mine={conflictText({ ...conflict.mine, attributes: toDefs(conflict.mine.attributes) })}
          theirs={conflictText(conflict.theirs)}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            setConflict(null);
            onSaved();
          }}
          onReapplyMine={() => void save(conflict.mine, conflict.theirs.version)}
        />
      )}
    </Card>
  );
}

interface CreateValues {
  code: string;
  name: string;
  slaDays?: number | null;
  sensitive?: boolean;
  attributes?: AttributeRow[];
}
const CREATE_FIELDS = ['code', 'name', 'parentId', 'slaDays', 'sensitive', 'attributes'];

/** 新建类别: top-level, or under `parent` (inheriting its attributes, deadline and sensitivity). */
export function CategoryCreateModal({ kind, parent, onCancel, onCreated }: { kind: RecordKind; parent: Category | null; onCancel: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const isCase = kind === 'case';

  const save = async (v: CreateValues) => {
    setBusy(true);
    setAlert(null);
    try {
      const created = await api.post<{ id: number; name: string }>('/api/ledger/categories', {
        kind,
        parentId: parent?.id ?? null,
        code: v.code.trim().toUpperCase(),
        name: v.name.trim(),
        attributes: toDefs(v.attributes),
        ...(isCase ? { slaDays: v.slaDays ?? null, sensitive: !!v.sensitive } : {}),
      });
      message.success(`已新建类别「${created.name}」`);
      onCreated(created.id);
    } catch (err) {
      if (!applyServerErrors(form, err, CREATE_FIELDS)) setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={parent ? `新建「${parent.name}」的下级类别` : `新建${RECORD_KIND_ZH[kind]}类别`} okText="新建" onOk={() => form.submit()} confirmLoading={busy} onCancel={onCancel} destroyOnHidden width={{ xs: '100%', md: 760 }}>
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} role="alert" />}
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ attributes: [] }} onFinish={(v) => void save(v)}>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              label="编码"
              name="code"
              normalize={(v?: string) => (v ?? '').toUpperCase().replace(/[\s\-—.]+/g, '_')}
              rules={[
                { required: true, message: '请填写编码' },
                { pattern: /^[A-Z][A-Z0-9_]{0,29}$/, message: '编码须以大写字母开头，由大写字母、数字和下划线组成' },
              ]}
              extra={parent ? `如 ${parent.code}_XX` : '如 XJ'}
            >
              <Input maxLength={30} autoComplete="off" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item label="类别名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写类别名称' }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          {isCase && (
            <>
              <Col xs={12}>
                <Form.Item label="办理时限" name="slaDays" extra={parent?.slaDays ? `不填则沿用上级 ${parent.slaDays} 天` : '不填则不设时限'}>
                  <InputNumber min={1} max={3650} precision={0} suffix="天" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item label="敏感" name="sensitive" valuePropName="checked" extra={parent?.sensitive ? '上级已是敏感类别' : '仅有权限者可见，查看留痕'}>
                  <Switch aria-label="敏感" />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        <AttributesEditor inherited={parent ? [...parent.inheritedAttributes, ...parent.attributes] : []} />
      </Form>
    </Modal>
  );
}
