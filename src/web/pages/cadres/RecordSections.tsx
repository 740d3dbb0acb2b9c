import type { ReactNode } from 'react';
import { Alert, Descriptions, Empty, Flex, Tabs, Tag, Typography } from 'antd';
import type { CadreDispatch, CadreHonour, CadrePost, CadreProfile, CareerEntry, CareerKind, CareRecord, CorrectionItem, CorrectionStatus, FtRecord, TrainingYear } from '../../../shared/cadres';

/**
 * The parts of a cadre's record, shared by 干部之家 (the cadre's own phone page) and the
 * organization department's cadre page: rows that stack on a phone, each with an optional action
 * (申请更正 for the cadre, 修改 for the department).
 */

export const GENDER_ZH = { male: '男', female: '女' } as const;
export const CORRECTION_COLOR: Record<CorrectionStatus, string> = { pending: 'processing', accepted: 'success', rejected: 'default' };

/** One line of a record: what, when and where, with an action at the end. */
export function RecordRow({ title, meta, extra, testId }: { title: ReactNode; meta?: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <Flex justify="space-between" align="flex-start" gap={8} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid={testId}>
      <div style={{ minWidth: 0 }}>
        <div style={{ wordBreak: 'break-word' }}>{title}</div>
        {meta && <div style={{ fontSize: 12, color: '#888', marginTop: 2 }}>{meta}</div>}
      </div>
      {extra && <div style={{ flex: 'none' }}>{extra}</div>}
    </Flex>
  );
}

const span = (start: string, end: string | null) => (end ? `${start} 至 ${end}` : `${start} 起`);

export function ProfileDescriptions({ profile, posts }: { profile: CadreProfile; posts: CadrePost[] }) {
  const current = posts.filter((p) => p.current);
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 3 }}
      items={[
        { key: 'name', label: '姓名', children: profile.name },
        { key: 'gender', label: '性别', children: GENDER_ZH[profile.gender] },
        { key: 'birth', label: '出生年月', children: profile.birthMonth },
        { key: 'id', label: '身份证号', children: profile.idMasked },
        { key: 'phone', label: '手机号', children: profile.phoneMasked ?? '—' },
        { key: 'unit', label: '所在单位', children: profile.orgUnitName },
        {
          key: 'posts',
          label: '现任职务',
          span: 'filled',
          children: current.length ? (
            <Flex vertical gap={2}>
              {current.map((p) => (
                <span key={p.id} data-testid="current-post">
                  {[p.orgUnitName, p.post, p.rank].filter(Boolean).join(' · ')}
                  <span style={{ color: '#999', fontSize: 12 }}>（{p.startDate} 起）</span>
                </span>
              ))}
            </Flex>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );
}

const KIND_TABS: { kind: CareerKind; label: string }[] = [
  { kind: 'post', label: '任职经历' },
  { kind: 'rank', label: '职级' },
  { kind: 'training', label: '培训' },
  { kind: 'evaluation', label: '年度考核' },
];

/** The career record by kind; training opens with the hours per year. */
export function CareerTabs({ career, training, action }: { career: CareerEntry[]; training: TrainingYear[]; action?: (e: CareerEntry) => ReactNode }) {
  const rowsOf = (kind: CareerKind) => career.filter((e) => e.kind === kind);
  const row = (e: CareerEntry) => (
    <RecordRow
      key={e.id}
      testId={`career-${e.id}`}
      title={
        <>
          {e.title}
          {e.grade && (
            <Tag color={e.grade === '优秀' ? 'gold' : 'blue'} style={{ marginInlineStart: 8 }}>
              {e.grade}
            </Tag>
          )}
          {e.hours != null && <span style={{ marginInlineStart: 8, color: '#c8102e' }}>{e.hours} 学时</span>}
        </>
      }
      meta={[e.kind === 'evaluation' ? `评定于 ${e.startDate}` : span(e.startDate, e.endDate), e.orgUnitName, e.note].filter(Boolean).join(' · ')}
      extra={action?.(e)}
    />
  );
  return (
    <Tabs
      size="small"
      items={KIND_TABS.map((t) => ({
        key: t.kind,
        label: `${t.label}（${rowsOf(t.kind).length}）`,
        children: (
          <>
            {t.kind === 'training' && training.length > 0 && (
              <Flex wrap gap={8} style={{ marginBottom: 8 }} data-testid="training-years">
                {training.map((y) => (
                  <Tag key={y.year} color="red" style={{ fontSize: 13, padding: '2px 8px' }}>
                    {y.year}年：{y.courses} 次 · {y.hours} 学时
                  </Tag>
                ))}
              </Flex>
            )}
            {rowsOf(t.kind).length ? rowsOf(t.kind).map(row) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />}
          </>
        ),
      }))}
    />
  );
}

export function DispatchRows({ items, action }: { items: CadreDispatch[]; action?: (d: CadreDispatch) => ReactNode }) {
  if (!items.length) return <Typography.Text type="secondary">暂无一线派驻记录</Typography.Text>;
  return (
    <>
      {items.map((d) => (
        <RecordRow key={d.id} title={`${d.frontName} · ${d.postedUnitName}`} meta={[span(d.startDate, d.lastDay), d.postedTo, d.role].filter(Boolean).join(' · ')} extra={action?.(d)} />
      ))}
    </>
  );
}

export function HonourRows({ items, action }: { items: CadreHonour[]; action?: (h: CadreHonour) => ReactNode }) {
  if (!items.length) return <Typography.Text type="secondary">暂无个人荣誉记录</Typography.Text>;
  return (
    <>
      {items.map((h) => (
        <RecordRow key={h.id} title={h.title} meta={[h.awardedOn, h.levelName, h.issuer].filter(Boolean).join(' · ')} extra={action?.(h)} />
      ))}
    </>
  );
}

export function CareRows({ items }: { items: CareRecord[] }) {
  if (!items.length) return <Typography.Text type="secondary">暂无关心关爱记录</Typography.Text>;
  return (
    <>
      {items.map((c) => (
        <RecordRow
          key={c.id}
          testId={`care-${c.id}`}
          title={
            <>
              <Tag color="magenta">{c.kindName}</Tag>
              {c.summary}
            </>
          }
          meta={[c.occurredOn, c.byWhom, c.followUp && `后续：${c.followUp}`].filter(Boolean).join(' · ')}
        />
      ))}
    </>
  );
}

/**
 * 容错记录: each case's decision in force with its grounds, flagged as weighing in appointments and
 * honours; cases still open say where they stand.
 */
export function FaultToleranceRecords({ items }: { items: FtRecord[] }) {
  if (!items.length) return <Typography.Text type="secondary">无容错澄清记录</Typography.Text>;
  return (
    <Flex vertical gap={8} data-testid="ft-records">
      {items.map((f) => (
        <Alert
          key={f.caseId}
          type={f.outcome === 'tolerated' || f.outcome === 'clarified' ? 'success' : f.outcome ? 'warning' : 'info'}
          showIcon
          title={
            <span>
              <Tag color="volcano">容错记录</Tag>
              {f.requestKindName} · {f.outcomeName ?? f.statusName}
              {f.decidedOn && <span style={{ color: '#888', fontSize: 12 }}>（{f.committee}，{f.decidedOn}）</span>}
            </span>
          }
          description={
            <>
              <div>申请事项：{f.matter}（{f.appliedOn} 申请）</div>
              {f.grounds && <div>认定依据：{f.grounds}</div>}
              {f.note && <div style={{ fontWeight: 500 }}>{f.note}</div>}
            </>
          }
        />
      ))}
    </Flex>
  );
}

export function CorrectionRows({ items, showPerson }: { items: CorrectionItem[]; showPerson?: boolean }) {
  if (!items.length) return <Typography.Text type="secondary">暂无更正申请</Typography.Text>;
  return (
    <>
      {items.map((c) => (
        <RecordRow
          key={c.id}
          testId={`correction-${c.id}`}
          title={
            <>
              <Tag color={CORRECTION_COLOR[c.status]}>{c.statusName}</Tag>
              {showPerson && `${c.personName}：`}
              {c.subjectLabel}
            </>
          }
          meta={
            <>
              <div>申请：{c.requested}{c.reason ? `（${c.reason}）` : ''} · {c.createdAt.slice(0, 10)}</div>
              {c.response && (
                <div style={{ color: '#555' }}>
                  答复：{c.response}（{c.handledBy}，{c.handledAt?.slice(0, 10)}）
                </div>
              )}
            </>
          }
        />
      ))}
    </>
  );
}
