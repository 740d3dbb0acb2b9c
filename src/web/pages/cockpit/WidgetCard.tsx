import { lazy, Suspense, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Progress, theme } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined, TrophyOutlined, WarningOutlined } from '@ant-design/icons';
import type { CounterView, HeadlineView, HonoursView, LeagueView, WidgetView } from '../../../shared/cockpit';
import { fmtNum, fmtPct, periodLabel } from '../indicators/format';
import {
  COUNTER_SOURCE,
  COUNTER_UNIT,
  TONE,
  changeDirection,
  changeIsGood,
  counterLink,
  headlineLink,
  headlineRecordsLink,
  honoursLink,
  leagueLink,
  standingBadge,
  standingWords,
  trendUpTo,
  widgetTitle,
} from './display';

// The chart library is loaded only once a trend is drawn: the figures show first.
const Sparkline = lazy(() => import('./Sparkline'));

export interface WidgetCardProps {
  view: WidgetView;
  /** The cockpit's unit: the drill-down starts there, and the source line names it. */
  unit: { id: number; name: string };
  /** Wall screen: dark colours, and links open in a new tab so the screen stays up. */
  dark?: boolean;
  newTab?: boolean;
  /** How many league rows fit (the wall screen shows fewer latest honours too). */
  compact?: boolean;
}

/** One widget of a cockpit, as a card; its main link covers the card and opens the drill-down. */
export function WidgetCard(props: WidgetCardProps) {
  const { view } = props;
  switch (view.kind) {
    case 'headline':
      return <HeadlineWidget {...props} view={view} />;
    case 'counter':
      return <CounterWidget {...props} view={view} />;
    case 'league':
      return <LeagueWidget {...props} view={view} />;
    case 'honours':
      return <HonoursWidget {...props} view={view} />;
    case 'error':
      return <ErrorWidget {...props} title={widgetTitle(view.widget)} message={view.message} />;
  }
}

/** Whether a league card needs two rows of the wall grid. */
export const isTallLeague = (v: WidgetView) => v.kind === 'league' && v.rows.length > 6;

function useCardStyle(dark: boolean | undefined): { card: CSSProperties; muted: string; text: string; tone: (typeof TONE)['light' | 'dark']; token: ReturnType<typeof theme.useToken>['token'] } {
  const { token } = theme.useToken();
  return {
    card: {
      background: token.colorBgContainer,
      border: `1px solid ${token.colorBorderSecondary}`,
      color: token.colorText,
      ['--cockpit-focus' as string]: token.colorPrimary,
    },
    // colorTextSecondary (65 % black / white) keeps 7:1 on the card; the tertiary grey would not pass AA.
    muted: token.colorTextSecondary,
    text: token.colorText,
    tone: dark ? TONE.dark : TONE.light,
    token,
  };
}

function CardLink({ to, newTab, children, label, className = '' }: { to: string; newTab?: boolean; children: ReactNode; label?: string; className?: string }) {
  return (
    <Link to={to} className={`cockpit-stretched ${className}`} aria-label={label} {...(newTab ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
      {children}
    </Link>
  );
}

function Source({ children, color }: { children: ReactNode; color: string }) {
  return (
    <div className="cockpit-source" style={{ color }}>
      来源：{children}
    </div>
  );
}

function HeadlineWidget({ view: h, unit, dark, newTab }: WidgetCardProps & { view: HeadlineView }) {
  const { card, muted, tone, token } = useCardStyle(dark);
  const label = h.label || h.indicator.name;
  const to = headlineLink(h, unit.id);
  const records = newTab ? null : headlineRecordsLink(h, unit.id);
  const good = changeIsGood(h.change, h.indicator.direction);
  const dir = changeDirection(h.change);
  const changeColor = good == null ? muted : good ? tone.good : tone.bad;
  const trend = trendUpTo(h.trend, h.period);
  const trendPoints = trend.filter((p) => p.value != null).length;
  const period = h.period ? periodLabel(h.period) : null;
  const accessible = `${label}：${h.text ?? '暂无数据'}${period ? `（${period}）` : ''}${h.change ? `，${h.change}` : ''}。查看指标分析`;
  return (
    <div className="cockpit-card" style={card} data-testid="cockpit-headline" data-indicator={h.indicator.code}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
        <CardLink to={to} newTab={newTab} label={accessible} className="cockpit-label">
          {label}
        </CardLink>
        {h.standing && (
          <span className="cockpit-badge" style={{ background: tone.badgeBg, color: tone.badgeText, border: `1px solid ${tone.badgeBorder}` }} data-testid="cockpit-standing" title={standingWords(h.standing)}>
            <TrophyOutlined aria-hidden /> {standingBadge(h.standing)}
            <span className="cockpit-sr-only">（{standingWords(h.standing)}）</span>
          </span>
        )}
      </div>
      {h.value == null || h.text == null ? (
        <div className="cockpit-figure" style={{ color: muted, fontWeight: 500 }} data-testid="cockpit-figure">
          暂无数据
        </div>
      ) : (
        <div className="cockpit-figure" data-testid="cockpit-figure">
          {h.text}
        </div>
      )}
      <div className="cockpit-meta" style={{ display: 'flex', flexWrap: 'wrap', columnGap: 10 }}>
        {period && <span style={{ color: muted }}>{period}</span>}
        {h.change && (
          <span style={{ color: changeColor, fontWeight: 600 }} data-testid="cockpit-change">
            {dir === 'up' ? <ArrowUpOutlined aria-hidden /> : dir === 'down' ? <ArrowDownOutlined aria-hidden /> : <MinusOutlined aria-hidden />} {h.change}
          </span>
        )}
      </div>
      {h.target != null && <TargetLine h={h} muted={muted} tone={tone} primary={token.colorPrimary} />}
      {trendPoints >= 2 && (
        <>
          <div className="cockpit-meta" style={{ color: muted, marginTop: 4 }} aria-hidden>
            走势（{h.indicator.unit}）
          </div>
          <div className="cockpit-spark" aria-hidden>
            <Suspense fallback={null}>
              <Sparkline trend={trend} unit={h.indicator.unit} color={dark ? '#ff7a85' : token.colorPrimary} textColor={token.colorText} label={label} />
            </Suspense>
          </div>
          <table className="cockpit-sr-only">
            <caption>
              {label}近年走势（单位：{h.indicator.unit}）
            </caption>
            <thead>
              <tr>
                <th scope="col">期次</th>
                <th scope="col">数值（{h.indicator.unit}）</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((p) => (
                <tr key={p.period}>
                  <th scope="row">{periodLabel(p.period)}</th>
                  <td>{p.value == null ? '无数据' : fmtNum(p.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Source color={muted}>
        指标分析 · {unit.name}
        {records && (
          <>
            {' · '}
            <Link to={records} className="cockpit-above" style={{ color: tone.link }}>
              台账记录
            </Link>
          </>
        )}
      </Source>
    </div>
  );
}

function TargetLine({ h, muted, tone, primary }: { h: HeadlineView; muted: string; tone: (typeof TONE)['light' | 'dark']; primary: string }) {
  const unit = h.indicator.unit;
  if (h.indicator.direction === 'lower') {
    return (
      <div className="cockpit-meta" data-testid="cockpit-target">
        <span style={{ color: muted }}>
          目标不超过 {fmtNum(h.target)}
          {unit}
        </span>{' '}
        {h.met != null && <span style={{ color: h.met ? tone.good : tone.bad, fontWeight: 600 }}>{h.met ? '达标' : '未达标'}</span>}
      </div>
    );
  }
  const pct = h.completion == null ? 0 : Math.min(100, h.completion * 100);
  return (
    <div className="cockpit-meta" data-testid="cockpit-target">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <span style={{ color: muted }}>
          目标 {fmtNum(h.target)}
          {unit}
        </span>
        <span style={{ color: h.met ? tone.good : muted, fontWeight: 600 }}>{h.met ? '已完成' : `完成 ${fmtPct(h.completion, 1)}`}</span>
      </div>
      <Progress percent={pct} showInfo={false} size="small" strokeColor={h.met ? tone.good : primary} style={{ margin: 0, lineHeight: 1 }} aria-label={`目标完成 ${fmtPct(h.completion, 1)}`} />
    </div>
  );
}

function CounterWidget({ view: c, unit, dark, newTab }: WidgetCardProps & { view: CounterView }) {
  const { card, muted, tone } = useCardStyle(dark);
  const alarming = c.counter === 'overdue_cases' && c.value > 0;
  return (
    <div className="cockpit-card" style={card} data-testid="cockpit-counter" data-counter={c.counter}>
      <CardLink to={counterLink(c.counter, unit.id)} newTab={newTab} label={`${c.label}：${c.value}${COUNTER_UNIT[c.counter]}，查看清单`} className="cockpit-label">
        {c.label}
      </CardLink>
      <div className="cockpit-figure" style={{ color: alarming ? tone.bad : undefined }} data-testid="cockpit-figure">
        {fmtNum(c.value, 0)}
        <span style={{ fontSize: '0.5em', fontWeight: 500, marginInlineStart: 4 }}>{COUNTER_UNIT[c.counter]}</span>
      </div>
      <div className="cockpit-meta" style={{ color: muted }}>
        实时
      </div>
      <Source color={muted}>
        {COUNTER_SOURCE[c.counter]} · {unit.name}
      </Source>
    </div>
  );
}

function LeagueWidget({ view: l, dark, newTab, compact }: WidgetCardProps & { view: LeagueView }) {
  const { card, muted, token } = useCardStyle(dark);
  const title = l.scheme?.name ?? '考评排名';
  const rows = compact && l.rows.length > 10 ? l.rows.slice(0, 10) : l.rows;
  const hasGrade = rows.some((r) => r.grade);
  const hasParent = rows.some((r) => r.parentName);
  return (
    <div className="cockpit-card" style={card} data-testid="cockpit-league">
      {l.result ? (
        <CardLink to={leagueLink(l.result.id)} newTab={newTab} label={`${title}：${l.result.title}，查看完整排名`} className="cockpit-label">
          {title}
        </CardLink>
      ) : (
        <div className="cockpit-label">{title}</div>
      )}
      {l.result && (
        <div className="cockpit-meta" style={{ color: muted }}>
          {l.result.title} · {periodLabel(l.result.period)}
        </div>
      )}
      {!l.result || rows.length === 0 ? (
        <div className="cockpit-meta" style={{ color: muted, padding: '12px 0' }} data-testid="cockpit-empty">
          {l.empty ?? '暂无已发布的排名'}
        </div>
      ) : (
        <div style={{ flex: 1, minHeight: 0, overflow: 'hidden', marginTop: 6 }}>
          <table className="cockpit-league">
            <caption className="cockpit-sr-only">
              {title}（{l.result.title}，总分单位：分）
            </caption>
            <colgroup>
              <col style={{ width: '3.2em' }} />
              <col />
              {hasParent && <col style={{ width: '28%' }} />}
              <col style={{ width: '4.6em' }} />
              {hasGrade && <col style={{ width: '4.2em' }} />}
            </colgroup>
            <thead>
              <tr style={{ color: muted, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
                <th scope="col">名次</th>
                <th scope="col">单位</th>
                {hasParent && <th scope="col">所属</th>}
                <th scope="col" className="num">
                  总分
                </th>
                {hasGrade && <th scope="col">等次</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.rank}-${r.unitName}`} style={{ borderBottom: `1px solid ${token.colorSplit}` }}>
                  <td style={{ fontWeight: r.rank <= 3 ? 700 : undefined }}>{r.rank}</td>
                  <td title={r.unitName}>{r.unitName}</td>
                  {hasParent && (
                    <td style={{ color: muted }} title={r.parentName ?? ''}>
                      {r.parentName ?? '—'}
                    </td>
                  )}
                  <td className="num">{r.total.toFixed(2)}</td>
                  {hasGrade && <td>{r.grade ?? '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Source color={muted}>考评排名{l.result ? ` · 发布于 ${l.result.publishedAt.slice(0, 10)}` : ''}</Source>
    </div>
  );
}

function HonoursWidget({ view: h, unit, dark, newTab, compact }: WidgetCardProps & { view: HonoursView }) {
  const { card, muted, token } = useCardStyle(dark);
  const max = Math.max(1, ...h.byLevel.map((b) => b.count));
  const latest = h.latest.slice(0, compact ? 2 : 3);
  return (
    <div className="cockpit-card" style={card} data-testid="cockpit-honours">
      <CardLink to={honoursLink(h.year, unit.id)} newTab={newTab} label={`${h.year}年荣誉：${h.total}项，查看荣誉台账`} className="cockpit-label">
        荣誉统计
      </CardLink>
      <div className="cockpit-figure" data-testid="cockpit-figure">
        {fmtNum(h.total, 0)}
        <span style={{ fontSize: '0.5em', fontWeight: 500, marginInlineStart: 4 }}>项</span>
      </div>
      <div className="cockpit-meta" style={{ color: muted }}>
        {h.year}年获得荣誉
      </div>
      {h.byLevel.length > 0 && (
        <div className="cockpit-meta" style={{ display: 'grid', gridTemplateColumns: 'auto 1fr auto', columnGap: 8, alignItems: 'center', marginTop: 4 }}>
          {h.byLevel.map((b) => (
            <div key={b.level} style={{ display: 'contents' }}>
              <span>{b.label}</span>
              <span aria-hidden style={{ height: 6, borderRadius: 3, background: token.colorFillSecondary, overflow: 'hidden' }}>
                <span style={{ display: 'block', height: '100%', width: `${(b.count / max) * 100}%`, background: dark ? '#ffd666' : token.colorPrimary }} />
              </span>
              <span style={{ fontVariantNumeric: 'tabular-nums' }}>{b.count}项</span>
            </div>
          ))}
        </div>
      )}
      {latest.length > 0 && (
        <ul className="cockpit-meta" style={{ listStyle: 'none', padding: 0, margin: '6px 0 0', minHeight: 0, overflow: 'hidden' }}>
          {latest.map((t) => (
            <li key={t.id} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={t.title}>
              <span style={{ color: muted }}>{t.awardedOn.slice(5)}</span> {t.title}
            </li>
          ))}
        </ul>
      )}
      <Source color={muted}>工作台账 · 荣誉 · {unit.name}</Source>
    </div>
  );
}

function ErrorWidget({ title, message, dark }: WidgetCardProps & { title: string; message: string }) {
  const { token } = theme.useToken();
  return (
    <div
      className="cockpit-card"
      style={{ background: token.colorFillQuaternary, border: `1px dashed ${token.colorBorder}`, color: token.colorTextSecondary }}
      data-testid="cockpit-error"
      data-dark={dark ? 'true' : undefined}
    >
      <div className="cockpit-label">{title}</div>
      <div className="cockpit-meta" style={{ marginTop: 8 }}>
        <WarningOutlined aria-hidden /> {message}
      </div>
    </div>
  );
}
