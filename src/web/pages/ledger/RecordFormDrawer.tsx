import { useMemo, useState } from 'react';
import { Alert, App, Button, Collapse, Drawer, Flex, Form, Grid, Input, TreeSelect } from 'antd';
import { KIND_SEGMENT, RECORD_KIND_ZH, type RecordKind } from '../../../shared/ledger';
import { api, ApiError } from '../../api';
import { useMe } from '../../auth';
import { applyServerErrors, errorText } from '../../components/applyServerErrors';
import { VersionConflictModal } from '../../components/VersionConflictModal';
import { AttributeFields } from './AttributeFields';
import { uploadAttachment } from './attachments';
import { ActivityMainFields, ActivityMoreFields, CaseFields, HonourFields, ProjectFields } from './CoreFields';
import { attributesOf, categoryTree } from './display';
import { PhotoPicker } from './PhotoPicker';
import { RECORD_FIELDS, conflictFields, conflictView, newRecordValues, recordPayload, recordValues, type RecordValues } from './recordPayload';
import type { AnyRecord, Category, RecordDetail } from './types';

/** Fields folded under 更多信息 on the activity form, opened when the server finds fault with one. */
const ACTIVITY_MORE = ['place', 'audience', 'endedOn', 'team', 'orgUnitId', 'outcomes'];
const TITLE_LABEL: Record<RecordKind, string> = { activity: '活动名称', case: '事项标题', project: '项目名称', honour: '荣誉名称' };
const TITLE_HINT: Record<RecordKind, string> = { activity: '如：党的二十大精神进礼堂', case: '如：某企业用地指标需求', project: '如：石柱村文化礼堂提升工程', honour: '如：全省先进基层党组织' };
const lastCategoryKey = (kind: RecordKind) => `lizhou.ledger.lastCategory.${kind}`;

interface RecordFormDrawerProps {
  kind: RecordKind;
  /** null: a new record. */
  record: RecordDetail | null;
  categories: Category[];
  /** After a save (and the photos' upload), or after choosing someone else's newer version. */
  onSaved: (saved: AnyRecord) => void;
  onCancel: () => void;
}

/**
 * 登记 / 修改 a ledger record: the kind's own fields, then the chosen category's extra
 * attributes. On a phone the drawer fills the screen; the activity form is built to be done in
 * under a minute on the spot — category, title, date (today), who came, a photo, save.
 */
export function RecordFormDrawer({ kind, record, categories, onSaved, onCancel }: RecordFormDrawerProps) {
  const me = useMe();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [form] = Form.useForm<RecordValues>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [moreOpen, setMoreOpen] = useState(false);
  const [conflict, setConflict] = useState<{ mine: RecordValues; theirs: AnyRecord } | null>(null);
  const isNew = !record;
  const zh = RECORD_KIND_ZH[kind];
  const segment = KIND_SEGMENT[kind];

  const initialValues = useMemo(() => {
    if (record) return recordValues(kind, record);
    const last = Number(localStorage.getItem(lastCategoryKey(kind)));
    const usable = categories.some((c) => c.id === last && !c.archived) ? last : undefined;
    return newRecordValues(kind, usable);
  }, [kind, record, categories]);

  const categoryId = Form.useWatch('categoryId', form) ?? initialValues.categoryId;
  const category = categories.find((c) => c.id === categoryId);
  const treeData = useMemo(() => categoryTree(categories, { valueOf: (c) => c.id, keep: (c) => c.id === record?.categoryId }), [categories, record?.categoryId]);
  const unitPlaceholder = `本单位（${me.orgUnitName}）`;

  const save = async (v: RecordValues, version?: number) => {
    setBusy(true);
    setAlert(null);
    const body = recordPayload(kind, v, category, isNew);
    try {
      if (record) {
        const saved = await api.patch<AnyRecord>(`/api/${segment}/${record.id}`, { ...body, version: version ?? record.version });
        message.success('已保存');
        setConflict(null);
        onSaved(saved);
        return;
      }
      const saved = await api.post<AnyRecord>(`/api/${segment}`, body);
      if (v.categoryId) localStorage.setItem(lastCategoryKey(kind), String(v.categoryId));
      const failed: string[] = [];
      for (const f of photos) {
        try {
          await uploadAttachment(segment, saved.id, f);
        } catch (err) {
          failed.push(`${f.name}：${errorText(err)}`);
        }
      }
      if (failed.length) message.warning(`${zh}已登记，但有 ${failed.length} 个文件未能上传（${failed.join('；')}），可在详情中重新上传`, 8);
      else message.success(photos.length ? `已登记${zh}「${saved.title}」，并上传 ${photos.length} 个文件` : `已登记${zh}「${saved.title}」`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.isVersionConflict) {
        setConflict({ mine: v, theirs: err.current as AnyRecord });
        return;
      }
      const folded = kind === 'activity' && !moreOpen && err instanceof ApiError && err.fieldIssues.some((i) => ACTIVITY_MORE.includes(i.path.split('.')[0]));
      if (folded) {
        setMoreOpen(true);
        // Let the panel finish opening, or the form cannot scroll to the field at fault.
        await new Promise((r) => setTimeout(r, 350));
      }
      if (!applyServerErrors(form, err, RECORD_FIELDS)) setAlert(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const footer = (
    <Flex gap={8} justify="flex-end">
      <Button size={phone ? 'large' : 'middle'} onClick={onCancel} disabled={busy} style={phone ? { flex: 1 } : undefined}>
        取消
      </Button>
      <Button type="primary" size={phone ? 'large' : 'middle'} loading={busy} onClick={() => form.submit()} style={phone ? { flex: 2 } : undefined}>
        保存
      </Button>
    </Flex>
  );

  return (
    <>
      <Drawer
        open
        title={record ? `修改${zh}：${record.title}` : `登记${zh}`}
        size={phone ? '100%' : 760}
        onClose={onCancel}
        mask={{ closable: false }}
        footer={footer}
        styles={{ body: { paddingTop: 12, paddingInline: phone ? 12 : 24 } }}
        destroyOnHidden
      >
        {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} role="alert" />}
        <Form<RecordValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(v) => void save(v)}
          scrollToFirstError={{ block: 'center' }}
          // Thumb-sized fields on a phone.
          size={phone ? 'large' : 'middle'}
          onValuesChange={(changed: Partial<RecordValues>) => {
            // Another category carries other attributes: start those blank.
            if ('categoryId' in changed) form.setFieldValue('attributes', {});
          }}
        >
          <Form.Item label="类别" name="categoryId" rules={[{ required: true, message: '请选择类别' }]}>
            <TreeSelect
              treeData={treeData}
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              placeholder="请选择类别"
              popupMatchSelectWidth={phone ? true : undefined}
              listHeight={phone ? 320 : 256}
            />
          </Form.Item>
          <Form.Item label={TITLE_LABEL[kind]} name="title" rules={[{ required: true, whitespace: true, message: `请填写${TITLE_LABEL[kind]}` }]}>
            <Input maxLength={200} placeholder={TITLE_HINT[kind]} autoComplete="off" />
          </Form.Item>

          {kind === 'activity' && <ActivityMainFields record={record} />}
          {kind === 'case' && <CaseFields category={category} isNew={isNew} unitPlaceholder={unitPlaceholder} />}
          {kind === 'project' && <ProjectFields record={record} unitPlaceholder={unitPlaceholder} />}
          {kind === 'honour' && <HonourFields record={record} />}

          <AttributeFields defs={attributesOf(category)} />

          {isNew && (
            <Form.Item label={kind === 'activity' ? '现场照片' : '附件'} extra={kind === 'activity' ? '保存后自动上传；可拍照或从相册选择多张' : '图片或 PDF，每个不超过 10 MB，保存后自动上传'}>
              <PhotoPicker value={photos} onChange={setPhotos} photosOnly={kind === 'activity'} />
            </Form.Item>
          )}

          {kind === 'activity' ? (
            <Collapse
              size="small"
              activeKey={moreOpen ? ['more'] : []}
              onChange={(keys) => setMoreOpen(keys.includes('more'))}
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: 'more',
                  label: '更多信息（地点、受众人数、成效、备注…）',
                  forceRender: true,
                  children: (
                    <>
                      <ActivityMoreFields unitPlaceholder={unitPlaceholder} />
                      <Form.Item label="备注" name="notes">
                        <Input.TextArea rows={2} maxLength={5000} />
                      </Form.Item>
                    </>
                  ),
                },
              ]}
            />
          ) : (
            <Form.Item label="备注" name="notes">
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
          )}
        </Form>
      </Drawer>
      {conflict && (
        <VersionConflictModal
          open
          fields={conflictFields(kind)}
          mine={conflictView(kind, conflict.mine, categories)}
          theirs={conflictView(kind, conflict.theirs, categories)}
          busy={busy}
          onCancel={() => setConflict(null)}
          onReloadTheirs={() => {
            setConflict(null);
            onSaved(conflict.theirs);
          }}
          onReapplyMine={() => void save(conflict.mine, conflict.theirs.version)}
        />
      )}
    </>
  );
}
