import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Drawer, Empty, Flex, Grid, Input, Modal, Result, Space, Tag, Typography } from 'antd';
import { DownloadOutlined, EditOutlined, HistoryOutlined, ReloadOutlined, SaveOutlined, SyncOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { DraftEditSchema, type ExportFormat } from '../../../shared/reports';
import { useIndicatorList } from '../indicators/IndicatorPicker';
import { viewToParams, DEFAULT_LEAGUE_TYPES } from '../indicators/explorerQuery';
import { periodLabel } from '../indicators/format';
import { useApi } from '../indicators/useApi';
import { VERDICT_ORDER, VERDICT_TAG, VERDICT_ZH, actualText } from './display';
import { CheckCounts, CheckedDocument, DOC_FONT, GeneratedDocument, ProblemsAlert, dateTimeText, deptText } from './summaryView';
import type { CheckedClaim, DraftDetail, DraftRevisionInfo } from './types';

const KIND_ZH = { generated: '生成', edited: '修改' } as const;
const KIND_COLOR = { generated: 'blue', edited: 'green' } as const;

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'docx', label: 'Word' },
  { format: 'pdf', label: 'PDF' },
  { format: 'html', label: 'HTML' },
  { format: 'txt', label: '纯文本' },
];

/** Someone saved or regenerated the draft after it was opened here. */
const isStale = (err: unknown) => err instanceof ApiError && err.code === 'report_draft.stale';

/**
 * 综述 (/reports/drafts/:id?revision=N): a summary read as a document. A generated revision links
 * every figure to its source; an edited one is fact-checked against the ledger. 编辑 saves a new
 * revision, 重新生成 fills the template again with today's figures, 历史版本 lists every
 * revision, and 导出 downloads the revision shown.
 */
export default function DraftPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const revisionParam = Number(params.get('revision')) > 0 ? Number(params.get('revision')) : undefined;
  const draft = useApi<DraftDetail>(`draft-${id}-${revisionParam ?? 'latest'}`, () => api.get<DraftDetail>(`/api/report-drafts/${id}`, { revision: revisionParam }));

  if (draft.error && !draft.data) return <Result status="warning" title={draft.error} extra={<Link to="/reports">返回年度综述</Link>} />;
  if (!draft.data) return <PageSpinner />;
  return (
    <DraftView
      draft={draft.data}
      reloading={draft.loading}
      showRevision={(no) => {
        const p = new URLSearchParams(params);
        if (no == null) p.delete('revision');
        else p.set('revision', String(no));
        setParams(p);
      }}
      reload={() => {
        // The latest revision after a save: drop ?revision= (a changed key loads it), else load again.
        if (revisionParam != null) {
          const p = new URLSearchParams(params);
          p.delete('revision');
          setParams(p);
        } else draft.reload();
      }}
    />
  );
}

function DraftView({ draft, reloading, showRevision, reload }: { draft: DraftDetail; reloading: boolean; showRevision: (no: number | null) => void; reload: () => void }) {
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const indicators = useIndicatorList(true);
  const idByCode = useMemo(() => new Map((indicators.list ?? []).map((i) => [i.code, i.id])), [indicators.list]);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [editing, setEditing] = useState<{ text: string; fromRevision: number } | null>(null);
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [textError, setTextError] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [stale, setStale] = useState(false);

  const rev = draft.revision;
  const latestNo = Math.max(rev.no, ...draft.revisions.map((r) => r.no));
  const isLatest = rev.no === latestNo;
  const canWrite = can('write:reports');
  const dirty = editing != null && editing.text !== rev.text;

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const explorerLink = (c: CheckedClaim): string | null => {
    const indicatorId = c.source && idByCode.get(c.source.code);
    if (!indicatorId || !rev.check) return null;
    return `/explore?${viewToParams({ indicatorId, unitId: rev.check.orgUnit.id, from: c.source!.period, provisional: false, tab: 'sources', leagueTypes: DEFAULT_LEAGUE_TYPES }).toString()}`;
  };

  const startEdit = () => {
    setEditing({ text: rev.text, fromRevision: rev.no });
    setTextError(null);
    setAlert(null);
    setStale(false);
  };

  /** Saves the text as a new revision at `version` (the draft's, or the newer one after a conflict). */
  const save = async (version: number) => {
    if (!editing) return;
    const parsed = DraftEditSchema.safeParse({ text: editing.text, version, note });
    setTextError(null);
    setNoteError(null);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'text') setTextError(issue.message);
        if (issue.path[0] === 'note') setNoteError(issue.message);
      }
      if (parsed.error.issues.some((i) => i.path[0] === 'text')) setNoteOpen(false);
      return;
    }
    setBusy(true);
    setAlert(null);
    try {
      const saved = await api.put<DraftDetail>(`/api/report-drafts/${draft.id}`, parsed.data);
      message.success(`已保存为第${saved.revision.no}版`);
      setEditing(null);
      setNoteOpen(false);
      setNote('');
      setStale(false);
      reload();
    } catch (err) {
      if (isStale(err)) {
        // Someone saved meanwhile: the text stays in the box; the user chooses what to do.
        setNoteOpen(false);
        setStale(true);
      } else if (err instanceof ApiError && err.fieldIssues.length) {
        let placed = false;
        for (const i of err.fieldIssues) {
          if (i.path.split('.')[0] === 'text') {
            setTextError(i.message);
            setNoteOpen(false);
            placed = true;
          }
          if (i.path.split('.')[0] === 'note') {
            setNoteError(i.message);
            placed = true;
          }
        }
        if (!placed) setAlert(errorText(err));
      } else {
        setNoteOpen(false);
        setAlert(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  /** After a conflict: save my text on top of whatever was saved meanwhile. */
  const saveOverLatest = async () => {
    setBusy(true);
    try {
      const latest = await api.get<DraftDetail>(`/api/report-drafts/${draft.id}`);
      setBusy(false);
      await save(latest.version);
    } catch (err) {
      setBusy(false);
      setAlert(errorText(err));
    }
  };

  const discardAndReload = () =>
    modal.confirm({
      title: '放弃修改？',
      content: '您在编辑框中的修改将不会保存，页面将载入最新版本。',
      okText: '放弃修改',
      okButtonProps: { danger: true },
      cancelText: '继续编辑',
      onOk: () => {
        setEditing(null);
        setStale(false);
        reload();
      },
    });

  const regenerate = () =>
    modal.confirm({
      title: '重新生成综述？',
      content: `将按模板和当前的台账、指标数据重新生成，保存为第${latestNo + 1}版。现有各版本（包括修改过的版本）都保留在历史版本中。`,
      okText: '重新生成',
      cancelText: '取消',
      onOk: async () => {
        try {
          const d = await api.post<DraftDetail>(`/api/report-drafts/${draft.id}/regenerate`, { version: draft.version });
          message.success(`已重新生成为第${d.revision.no}版`);
          reload();
        } catch (err) {
          if (isStale(err)) {
            message.error('综述已被他人修改，已载入最新版本，请查看后再重新生成');
            reload();
          } else message.error(errorText(err));
        }
      },
    });

  const exportHref = (format: ExportFormat) => `/api/report-drafts/${draft.id}/export?format=${format}&revision=${rev.no}`;

  const claimIssues = useMemo(
    () => (rev.check?.claims ?? []).filter((c) => c.verdict !== 'verified').sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.start - b.start),
    [rev.check],
  );

  return (
    <Flex vertical gap={12} style={{ minWidth: 0 }}>
      <Breadcrumb items={[{ title: <Link to="/reports">年度综述</Link> }, { title: draft.title }]} />
      <Card size="small" styles={{ body: { padding: isMobile ? 8 : 16 } }}>
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center" justify="space-between">
            <Space wrap size={[8, 4]}>
              <Tag>{deptText(draft.dept)}</Tag>
              <Typography.Text type="secondary">
                {draft.unit.name} · {draft.year}年
              </Typography.Text>
              <Typography.Text data-testid="draft-revision">
                第{rev.no}版 <Tag color={KIND_COLOR[rev.kind]}>{KIND_ZH[rev.kind]}</Tag>
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {rev.createdBy} {dateTimeText(rev.createdAt)}
                {rev.note ? ` · ${rev.note}` : ''}
              </Typography.Text>
            </Space>
            {reloading && <SyncOutlined spin aria-label="正在载入" />}
          </Flex>

          {/* The toolbar wraps on a phone rather than scroll. */}
          <Flex wrap gap={8} align="center" data-testid="draft-toolbar">
            {canWrite && !editing && (
              <Button icon={<EditOutlined />} onClick={startEdit}>
                编辑
              </Button>
            )}
            {canWrite && !editing && draft.templateId != null && (
              <Button icon={<ReloadOutlined />} onClick={regenerate}>
                重新生成
              </Button>
            )}
            <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)}>
              历史版本（{draft.revisions.length}）
            </Button>
            {!editing && (
              <Space wrap size={4} aria-label="导出" role="group">
                <Typography.Text type="secondary">导出：</Typography.Text>
                {EXPORTS.map((e) => (
                  <Button key={e.format} size="small" icon={<DownloadOutlined />} href={exportHref(e.format)} download data-testid={`export-${e.format}`}>
                    {e.label}
                  </Button>
                ))}
              </Space>
            )}
          </Flex>

          {!isLatest && (
            <Alert
              type="info"
              showIcon
              title={`正在查看第${rev.no}版（历史版本，只读），最新为第${latestNo}版`}
              action={
                <Button size="small" onClick={() => showRevision(null)}>
                  查看最新版本
                </Button>
              }
            />
          )}
          {alert && <Alert type="error" showIcon title={alert} closable={{ onClose: () => setAlert(null) }} />}

          {editing ? (
            <Flex vertical gap={8}>
              {stale && (
                <Alert
                  type="warning"
                  showIcon
                  role="alert"
                  data-testid="draft-stale"
                  title="保存未成功：您编辑期间，这篇综述已被他人修改或重新生成"
                  description="您的修改仍保留在下方编辑框中，未丢失。可以在最新版本之上保存您的文本（成为新的一版，他人的修改仍在历史版本中），或放弃修改、载入最新版本。"
                  action={
                    <Space orientation="vertical" size={4}>
                      <Button size="small" type="primary" loading={busy} onClick={() => void saveOverLatest()}>
                        仍保存我的修改
                      </Button>
                      <Button size="small" onClick={discardAndReload}>
                        载入最新版本
                      </Button>
                    </Space>
                  }
                />
              )}
              {editing.fromRevision !== latestNo && <Alert type="info" showIcon title={`以第${editing.fromRevision}版为基础修改，保存后成为最新一版`} />}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                第一行为标题；紧接其后以“——”开头的一行为副标题；“一、”“二、”开头的短行为小节标题；段落之间空一行。保存后文中的数字会自动与台账核对。
              </Typography.Text>
              <Input.TextArea
                aria-label="综述内容"
                value={editing.text}
                status={textError ? 'error' : undefined}
                onChange={(e) => {
                  setEditing({ ...editing, text: e.target.value });
                  setTextError(null);
                }}
                autoSize={{ minRows: isMobile ? 14 : 24, maxRows: 60 }}
                style={{ fontFamily: DOC_FONT, fontSize: 15, lineHeight: 1.9 }}
                count={{ show: true, max: 60_000 }}
              />
              {textError && (
                <Typography.Text type="danger" role="alert">
                  {textError}
                </Typography.Text>
              )}
              <Flex wrap gap={8} justify="flex-end">
                <Button onClick={() => (dirty ? discardAndReload() : setEditing(null))}>取消</Button>
                <Button type="primary" icon={<SaveOutlined />} onClick={() => setNoteOpen(true)} disabled={!dirty && !stale}>
                  保存
                </Button>
              </Flex>
            </Flex>
          ) : rev.kind === 'generated' && rev.generated ? (
            <Flex vertical gap={12}>
              <ProblemsAlert problems={rev.generated.problems} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                文中蓝底的数字由数据生成（共{rev.generated.figureCount}处），点击可查看来源。
              </Typography.Text>
              <GeneratedDocument summary={rev.generated} isMobile={isMobile} />
            </Flex>
          ) : (
            <Flex vertical gap={12}>
              {rev.check ? (
                <>
                  <CheckCounts report={rev.check} />
                  {claimIssues.length > 0 && <ClaimIssues claims={claimIssues} explorerLink={explorerLink} />}
                </>
              ) : (
                rev.kind === 'edited' && <Alert type="info" showIcon title="本版本的数字未能与台账核对" />
              )}
              <CheckedDocument text={rev.text} report={rev.check} isMobile={isMobile} explorerLink={explorerLink} />
            </Flex>
          )}
        </Flex>
      </Card>

      <Modal
        open={noteOpen}
        title="保存修改"
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void save(draft.version)}
        onCancel={() => setNoteOpen(false)}
        destroyOnHidden
      >
        <Flex vertical gap={4}>
          <label htmlFor="draft-note">修改说明（可不填）</label>
          <Input.TextArea
            id="draft-note"
            aria-label="修改说明"
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
              setNoteError(null);
            }}
            status={noteError ? 'error' : undefined}
            rows={2}
            maxLength={200}
            showCount
            placeholder="如：按分管领导意见调整第二部分"
          />
          {noteError && <Typography.Text type="danger">{noteError}</Typography.Text>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            保存为第{latestNo + 1}版，之前的版本仍可在历史版本中查看。
          </Typography.Text>
        </Flex>
      </Modal>

      <HistoryDrawer
        open={historyOpen}
        revisions={draft.revisions}
        shown={rev.no}
        latestNo={latestNo}
        isMobile={isMobile}
        onClose={() => setHistoryOpen(false)}
        onPick={(no) => {
          setHistoryOpen(false);
          if (editing && dirty) {
            message.warning('请先保存或取消正在进行的修改');
            return;
          }
          setEditing(null);
          showRevision(no === latestNo ? null : no);
        }}
      />
    </Flex>
  );
}

/** The figures that did not check out, with what the ledger says and where. */
function ClaimIssues({ claims, explorerLink }: { claims: CheckedClaim[]; explorerLink: (c: CheckedClaim) => string | null }) {
  return (
    <Flex vertical gap={6} data-testid="claim-issues" style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: 10 }}>
      {claims.map((c, i) => {
        const link = explorerLink(c);
        return (
          <Flex key={i} wrap gap={6} align="baseline" data-testid="claim-issue" data-verdict={c.verdict} style={{ overflowWrap: 'anywhere' }}>
            <Tag color={VERDICT_TAG[c.verdict]} style={{ marginInlineEnd: 0 }}>
              {VERDICT_ZH[c.verdict]}
            </Tag>
            <Typography.Text strong>{c.text}</Typography.Text>
            {c.verdict === 'mismatch' ? (
              <>
                <Typography.Text strong style={{ color: '#a8071a' }}>
                  {c.suggestion ?? (c.expected ? `应为${c.expected}` : '')}
                </Typography.Text>
                {c.actual != null && <Typography.Text type="secondary">（台账：{actualText(c)}）</Typography.Text>}
              </>
            ) : (
              <Typography.Text type="secondary">{c.reason ?? '无法核验'}</Typography.Text>
            )}
            {c.source && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                来源：{link ? <Link to={link}>{`${c.source.name} · ${periodLabel(c.source.period)}`}</Link> : `${c.source.name} · ${periodLabel(c.source.period)}`} · {c.source.orgUnit}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              「{c.phrase}」
            </Typography.Text>
          </Flex>
        );
      })}
    </Flex>
  );
}

function HistoryDrawer({
  open,
  revisions,
  shown,
  latestNo,
  isMobile,
  onClose,
  onPick,
}: {
  open: boolean;
  revisions: DraftRevisionInfo[];
  shown: number;
  latestNo: number;
  isMobile: boolean;
  onClose: () => void;
  onPick: (no: number) => void;
}) {
  const list = [...revisions].sort((a, b) => b.no - a.no);
  return (
    <Drawer open={open} onClose={onClose} title="历史版本" size={isMobile ? '100%' : 420} data-testid="history-drawer">
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无版本" />
      ) : (
        <Flex vertical gap={8}>
          {list.map((r) => (
            <Card
              key={r.no}
              size="small"
              hoverable
              data-testid="revision-item"
              role="button"
              tabIndex={0}
              aria-label={`第${r.no}版`}
              onClick={() => onPick(r.no)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onPick(r.no);
                }
              }}
              style={r.no === shown ? { borderColor: '#1677ff', background: '#f0f7ff' } : undefined}
            >
              <Flex vertical gap={2}>
                <Space wrap size={6}>
                  <Typography.Text strong>第{r.no}版</Typography.Text>
                  <Tag color={KIND_COLOR[r.kind]} style={{ marginInlineEnd: 0 }}>
                    {KIND_ZH[r.kind]}
                  </Tag>
                  {r.no === latestNo && <Tag style={{ marginInlineEnd: 0 }}>最新</Tag>}
                  {r.no === shown && <Tag color="processing" style={{ marginInlineEnd: 0 }}>正在查看</Tag>}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.createdBy} · {dateTimeText(r.createdAt)}
                </Typography.Text>
                {r.note && <Typography.Text style={{ fontSize: 13 }}>{r.note}</Typography.Text>}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
    </Drawer>
  );
}
