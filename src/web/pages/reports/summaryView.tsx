/**
 * How a year-end summary reads on screen: a document (centred title, subtitle, section headings,
 * indented paragraphs, a serif CJK face). A generated summary shows every figure as a link to
 * where it came from; an edited one shows every figure the fact-check found, by verdict.
 * Shared by the draft page and the template editor's live preview.
 */
import { Fragment, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Flex, Popover, Space, Tag, Tooltip, Typography } from 'antd';
import { REPORT_DEPTS, REPORT_DEPT_ZH, type FigureSource, type GeneratedSummary, type ReportDept, type Segment, type SlotProblem } from '../../../shared/reports';
import { toChineseNumeral } from '../../../shared/cn-figures/numerals';
import { DEFAULT_LEAGUE_TYPES, viewToParams } from '../indicators/explorerQuery';
import { periodLabel } from '../indicators/format';
import { recordQueryLink } from '../ledger/ledgerQuery';
import { VERDICT_MARK, VERDICT_TAG, VERDICT_ZH, actualText, segments } from './display';
import type { CheckedClaim, FactCheckReport } from './types';

/** Serif faces a county office has: Songti on Macs, SimSun on Windows, Noto/Source Han Serif on Linux and phones. */
export const DOC_FONT = '"Songti SC", "STSong", "SimSun", "Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", "Source Han Serif CN", serif';

export const DEPT_OPTIONS = REPORT_DEPTS.map((d) => ({ value: d, label: REPORT_DEPT_ZH[d] }));

export const deptText = (d: string) => REPORT_DEPT_ZH[d as ReportDept] ?? d;

/** "2023-01-05 14:30". */
export const dateTimeText = (d: string | Date | null | undefined) =>
  d ? new Date(d).toLocaleString('zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';

/** The department a signed-in unit's name suggests (组织部 → 组织工作), for defaults only. */
export function deptOfUnitName(name: string | undefined): ReportDept | undefined {
  if (!name) return undefined;
  if (name.includes('组织部')) return 'org';
  if (name.includes('宣传部')) return 'propaganda';
  if (name.includes('统战部')) return 'united-front';
  return undefined;
}

/** The figures behind an indicator at a unit in the explorer's 来源数据 tab (as the assessment breakdown links them). */
export const sourcesLink = (indicatorId: number, unitId: number, period: string) =>
  `/explore?${viewToParams({ indicatorId, unitId, from: period, provisional: false, tab: 'sources', leagueTypes: DEFAULT_LEAGUE_TYPES }).toString()}`;

/**
 * Where a generated figure can be checked: the ledger records it counts (e.g. the list of 宣讲
 * activities of the year), else the indicator's source figures, else the published league table.
 */
export function figureLink(s: FigureSource): string | null {
  if (s.recordQuery) {
    const to = recordQueryLink(s.recordQuery, s.period, s.period, s.unitId);
    if (to) return to;
  }
  if (s.indicatorId) return sourcesLink(s.indicatorId, s.unitId, s.period);
  if (s.resultId) return `/assessment/results/${s.resultId}`;
  if (s.schemeId) return `/assessment/${s.schemeId}`;
  return null;
}

/** A figure in a generated summary: light blue with a dotted underline, so it reads as "from the data". */
export const FIGURE_STYLE: CSSProperties = {
  background: '#e6f4ff',
  color: '#003eb3',
  borderBottom: '1px dotted #1677ff',
  padding: '0 2px',
  borderRadius: 2,
  textDecoration: 'none',
};

/** A slot that could not be filled: printed as 【？】 on a red ground. */
export const PROBLEM_STYLE: CSSProperties = { background: '#fff1f0', color: '#a8071a', borderBottom: '1px dashed #cf1322', padding: '0 2px', borderRadius: 2 };

export const docStyle = (isMobile: boolean): CSSProperties => ({
  fontFamily: DOC_FONT,
  fontSize: isMobile ? 15 : 16,
  lineHeight: 2,
  color: '#1f1f1f',
  background: '#fff',
  maxWidth: 820,
  marginInline: 'auto',
  padding: isMobile ? '12px 4px' : '32px 48px',
  overflowWrap: 'anywhere',
  wordBreak: 'break-word',
});

const titleStyle: CSSProperties = { fontFamily: DOC_FONT, textAlign: 'center', fontSize: '1.5em', fontWeight: 700, lineHeight: 1.6, margin: '0 0 8px' };
const subtitleStyle: CSSProperties = { fontFamily: DOC_FONT, textAlign: 'center', fontSize: '1.05em', margin: '0 0 20px', color: '#262626' };
const headingStyle: CSSProperties = { fontFamily: DOC_FONT, fontSize: '1.05em', fontWeight: 700, margin: '16px 0 4px', textIndent: '2em' };
const paraStyle: CSSProperties = { margin: '0 0 8px', textIndent: '2em' };

/** A problem's place in the template: 第2节第1段 (a problem counts sections and paragraphs from 1). */
export const problemPlace = (p: Pick<SlotProblem, 'section' | 'paragraph'>) => `第${p.section}节第${p.paragraph}段`;

/** Unresolved slots, listed above the document. */
export function ProblemsAlert({ problems, onPick }: { problems: SlotProblem[]; onPick?: (p: SlotProblem) => void }) {
  if (!problems.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="summary-problems"
      title={`有${problems.length}处数据未能生成，文中以“【？】”标出`}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((p, i) => (
            <li key={i} data-testid="summary-problem">
              {onPick ? (
                <Typography.Link onClick={() => onPick(p)}>{problemPlace(p)}</Typography.Link>
              ) : (
                <Typography.Text strong>{problemPlace(p)}</Typography.Text>
              )}
              ：{p.message} <Typography.Text code>{p.slot}</Typography.Text>
            </li>
          ))}
        </ul>
      }
    />
  );
}

function FigureSegment({ seg, newTab }: { seg: Segment; newTab?: boolean }) {
  if (seg.problem != null) {
    return (
      <Tooltip title={seg.problem}>
        <mark data-testid="summary-problem-mark" style={PROBLEM_STYLE}>
          {seg.text}
        </mark>
      </Tooltip>
    );
  }
  const f = seg.figure!;
  const to = figureLink(f.source);
  const tip = (
    <span>
      {f.source.label}
      <br />
      <span style={{ opacity: 0.75, fontSize: 12 }}>{f.slot}</span>
    </span>
  );
  return (
    <Tooltip title={tip}>
      {to ? (
        <Link to={to} target={newTab ? '_blank' : undefined} data-testid="summary-figure" data-slot={f.slot} aria-label={`${seg.text}（${f.source.label}）`} style={FIGURE_STYLE}>
          {seg.text}
        </Link>
      ) : (
        <span data-testid="summary-figure" data-slot={f.slot} tabIndex={0} style={FIGURE_STYLE}>
          {seg.text}
        </span>
      )}
    </Tooltip>
  );
}

/** A generated summary as a document, each figure a link to its source. */
/** Section headings are numbered 一、二、… in order, as the text and the exports number them. */
function headingNumbers(sections: { heading: string }[]): (string | null)[] {
  let n = 0;
  return sections.map((s) => (s.heading ? `${toChineseNumeral(++n)}、${s.heading}` : null));
}

export function GeneratedDocument({ summary, isMobile, testId = 'summary-document', newTab }: { summary: GeneratedSummary; isMobile: boolean; testId?: string; /** Figure links open a new tab (the template editor: leaving would lose edits). */ newTab?: boolean }) {
  const headings = headingNumbers(summary.sections);
  return (
    <article data-testid={testId} style={docStyle(isMobile)}>
      <h1 style={titleStyle}>{summary.title}</h1>
      {summary.subtitle && <p style={subtitleStyle}>{summary.subtitle}</p>}
      {summary.sections.map((s, si) => (
        <section key={si} aria-label={s.name || undefined}>
          {headings[si] && <h2 style={headingStyle}>{headings[si]}</h2>}
          {s.paragraphs.map((segs, pi) => (
            <p key={pi} style={paraStyle}>
              {segs.map((seg, k) => (seg.figure || seg.problem != null ? <FigureSegment key={k} seg={seg} newTab={newTab} /> : <Fragment key={k}>{seg.text}</Fragment>))}
            </p>
          ))}
        </section>
      ))}
    </article>
  );
}

type LineRole = 'title' | 'subtitle' | 'heading' | 'para' | 'blank';

/** A section heading as the draft text writes it: "一、…" on a short line of its own. */
const HEADING = /^[一二三四五六七八九十]+、/;

/**
 * The text's lines with what each is, read as the server reads an edited text: the first line is
 * the title, a "——" line right after it the subtitle, a short numbered line a heading, the rest
 * paragraphs.
 */
export function lineRoles(text: string): { start: number; end: number; role: LineRole }[] {
  const out: { start: number; end: number; role: LineRole }[] = [];
  let at = 0;
  let seen = 0;
  for (const line of text.split('\n')) {
    const start = at;
    const end = at + line.length;
    at = end + 1;
    const t = line.trim();
    if (!t) {
      out.push({ start, end, role: 'blank' });
      continue;
    }
    seen++;
    if (seen === 1) out.push({ start, end, role: 'title' });
    else if (seen === 2 && t.startsWith('——')) out.push({ start, end, role: 'subtitle' });
    else out.push({ start, end, role: HEADING.test(t) && t.length <= 40 ? 'heading' : 'para' });
  }
  return out;
}

function ClaimDetail({ c, explorerLink }: { c: CheckedClaim; explorerLink: (c: CheckedClaim) => string | null }) {
  const link = explorerLink(c);
  return (
    <Space orientation="vertical" size={2} style={{ maxWidth: 300 }}>
      <Space size={6}>
        <Tag color={VERDICT_TAG[c.verdict]}>{VERDICT_ZH[c.verdict]}</Tag>
        <Typography.Text strong>{c.text}</Typography.Text>
      </Space>
      {c.actual != null && <span>台账数值：{actualText(c)}</span>}
      {c.verdict === 'mismatch' && <Typography.Text strong style={{ color: '#a8071a' }}>{c.suggestion ?? (c.expected ? `应为${c.expected}` : '')}</Typography.Text>}
      {c.verdict === 'unknown' && <Typography.Text type="secondary">{c.reason ?? '无法核验'}</Typography.Text>}
      {c.source && (
        <span>
          来源：{link ? <Link to={link}>{`${c.source.name} · ${periodLabel(c.source.period)}`}</Link> : `${c.source.name} · ${periodLabel(c.source.period)}`}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            {c.source.orgUnit}
          </Typography.Text>
        </span>
      )}
    </Space>
  );
}

/**
 * An edited summary as a document, each figure the fact-check found highlighted by verdict
 * (as on the 数据核验 page); a mismatch also says what it should be, right after the figure.
 */
export function CheckedDocument({
  text,
  report,
  isMobile,
  explorerLink,
}: {
  text: string;
  report: FactCheckReport | undefined;
  isMobile: boolean;
  explorerLink: (c: CheckedClaim) => string | null;
}) {
  const claims = report?.claims ?? [];
  const pieces = segments(text, claims);
  // Absolute offsets of the pieces, to cut them by line.
  const placed: { start: number; end: number; claim?: number }[] = [];
  let at = 0;
  for (const p of pieces) {
    placed.push({ start: at, end: at + p.text.length, claim: p.kind === 'claim' ? p.index : undefined });
    at += p.text.length;
  }

  const renderRange = (start: number, end: number): ReactNode[] => {
    const out: ReactNode[] = [];
    for (const p of placed) {
      if (p.end <= start || p.start >= end) continue;
      const s = text.slice(Math.max(p.start, start), Math.min(p.end, end));
      if (p.claim == null) {
        out.push(<Fragment key={`${p.start}`}>{s}</Fragment>);
        continue;
      }
      const c = claims[p.claim];
      out.push(
        <Fragment key={`${p.start}`}>
          <Popover trigger="click" content={<ClaimDetail c={c} explorerLink={explorerLink} />}>
            <mark
              role="button"
              tabIndex={0}
              data-verdict={c.verdict}
              aria-label={`${c.text}：${VERDICT_ZH[c.verdict]}`}
              title={`${VERDICT_ZH[c.verdict]}${c.suggestion ? `，${c.suggestion}` : ''}`}
              style={{ ...VERDICT_MARK[c.verdict], padding: '0 2px', borderRadius: 2, cursor: 'pointer' }}
            >
              {s}
            </mark>
          </Popover>
          {c.verdict === 'mismatch' && p.end <= end && (
            <span data-testid="claim-suggestion" style={{ color: '#a8071a', fontSize: '0.8em', fontFamily: 'inherit', textIndent: 0 }}>
              〔{c.suggestion ?? (c.expected ? `应为${c.expected}` : '不符')}〕
            </span>
          )}
        </Fragment>,
      );
    }
    return out;
  };

  return (
    <article data-testid="summary-document" style={docStyle(isMobile)}>
      {lineRoles(text).map((l, i) => {
        if (l.role === 'blank') return null;
        const content = renderRange(l.start, l.end);
        if (l.role === 'title') return <h1 key={i} style={titleStyle}>{content}</h1>;
        if (l.role === 'subtitle') return <p key={i} style={subtitleStyle}>{content}</p>;
        if (l.role === 'heading') return <h2 key={i} style={headingStyle}>{content}</h2>;
        return (
          <p key={i} style={paraStyle}>
            {content}
          </p>
        );
      })}
    </article>
  );
}

/** 核实 N / 不符 N / 未知 N. */
export function CheckCounts({ report }: { report: FactCheckReport }) {
  return (
    <Flex wrap gap={8} align="center" data-testid="check-counts">
      <Typography.Text>共{report.claims.length}处数字：</Typography.Text>
      <Tag color="success">核实 {report.counts.verified}</Tag>
      <Tag color="error">不符 {report.counts.mismatch}</Tag>
      <Tag>未知 {report.counts.unknown}</Tag>
    </Flex>
  );
}
