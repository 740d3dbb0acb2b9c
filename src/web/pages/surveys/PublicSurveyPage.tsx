import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Input, Result, Spin, Typography } from 'antd';
import { CheckCircleFilled, CheckOutlined, StopOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api';
import type { AnswerAccepted, PublicSurvey } from './types';

type Question = PublicSurvey['questions'][number];
type Answer = string | string[] | number;
/** Why the form is not (or no longer) shown. */
type Ending =
  | { kind: 'thanks'; unitName: string }
  | { kind: 'token_used' }
  | { kind: 'answered' }
  | { kind: 'closed' | 'not_open' | 'not_found' | 'network'; message: string; about?: string };

const RATING_LABELS = ['很不满意', '不满意', '一般', '满意', '很满意'];
const RED = '#c8102e';

/** "abcdefghjkmn" → "ABCD-EFGH-JKMN" while typing; anything else is left for the server to judge. */
function formatTyped(v: string): string {
  const raw = v.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 12);
  return raw.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * 群众评价答卷: the page behind a unit's public link and QR code (/s/<code>, with ?t=<token> when
 * scanned from a printed slip), opened on a phone with no account. One question per card, large
 * tap targets, every problem said next to its question in plain Chinese, and a clear ending:
 * thanks, token already used, already answered from this phone, or survey closed.
 */
export default function PublicSurveyPage() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const linkToken = params.get('t') ?? '';
  const [view, setView] = useState<PublicSurvey | null>(null);
  const [ending, setEnding] = useState<Ending | null>(null);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [token, setToken] = useState(formatTyped(linkToken));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cards = useRef<Record<string, HTMLElement | null>>({});

  useEffect(() => {
    document.title = '群众评价 · 丽州';
  }, []);

  const endFor = useCallback((err: unknown): Ending | null => {
    if (!(err instanceof ApiError)) return null;
    // A closed or not yet open survey still says which survey and unit the link is for.
    const d = err.details as { title?: string; unitName?: string } | null;
    const about = d?.title ? `《${d.title}》${d.unitName ? `（${d.unitName}）` : ''}` : undefined;
    if (err.code === 'survey.closed') return { kind: 'closed', message: err.message, about };
    if (err.code === 'survey.not_open') return { kind: 'not_open', message: err.message, about };
    if (err.status === 404) return { kind: 'not_found', message: err.message };
    if (err.code === 'survey.token_used') return { kind: 'token_used' };
    if (err.code === 'survey.already_answered') return { kind: 'answered' };
    return null;
  }, []);

  const load = useCallback(async () => {
    setEnding(null);
    try {
      const v = await api.get<PublicSurvey>(`/api/public/surveys/${encodeURIComponent(code)}`, { t: linkToken || undefined });
      setView(v);
      if (v.answered) setEnding({ kind: 'answered' });
      else if (v.token?.state === 'used') setEnding({ kind: 'token_used' });
      else if (v.token?.state === 'invalid') setErrors({ token: '链接中的答题码无效，请核对纸条上的答题码后手动输入' });
    } catch (err) {
      setEnding(endFor(err) ?? { kind: 'network', message: err instanceof ApiError ? err.message : '无法连接服务器，请检查网络后重试' });
    }
  }, [code, linkToken, endFor]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = (key: string, value: Answer | undefined) => {
    setAnswers((a) => {
      const next = { ...a };
      if (value === undefined || (Array.isArray(value) && !value.length) || value === '') delete next[key];
      else next[key] = value;
      return next;
    });
    setErrors((e) => {
      if (!e[key]) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });
  };

  const scrollTo = (key: string) => cards.current[key]?.scrollIntoView({ behavior: 'smooth', block: 'center' });

  const submit = async () => {
    if (!view) return;
    // The same checks the server makes, so most mistakes show before anything is sent.
    const local: Record<string, string> = {};
    if (view.mode === 'token' && !token.trim()) local.token = '请输入答题码';
    view.questions.forEach((q, i) => {
      if (q.required && answers[q.key] === undefined) local[q.key] = q.type === 'text' ? `第${i + 1}题为必答题，请填写` : `第${i + 1}题为必答题，请选择`;
    });
    if (Object.keys(local).length) {
      setErrors(local);
      scrollTo(Object.keys(local)[0]);
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      const body = { answers, ...(view.mode === 'token' ? { token } : {}) };
      const r = await api.post<AnswerAccepted>(`/api/public/surveys/${encodeURIComponent(code)}/answers`, body);
      setEnding({ kind: 'thanks', unitName: r.unitName });
      window.scrollTo({ top: 0 });
    } catch (err) {
      const end = endFor(err);
      if (end) {
        setEnding(end);
        window.scrollTo({ top: 0 });
      } else if (err instanceof ApiError && err.fieldIssues.length) {
        const byKey: Record<string, string> = {};
        for (const i of err.fieldIssues) byKey[i.path === 'token' ? 'token' : i.path.replace(/^answers\./, '')] ??= i.message;
        setErrors(byKey);
        scrollTo(Object.keys(byKey)[0]);
      } else if (err instanceof ApiError && err.status === 0) {
        setNotice('网络不稳定，提交未成功，请再点一次“提交”');
      } else {
        setNotice(err instanceof ApiError ? err.message : '提交失败，请稍后重试');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={{ background: RED, color: '#fff', padding: '12px 16px', fontSize: 17, fontWeight: 600 }}>丽州 · 群众评价</header>
      <main style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
        {!view && !ending && (
          <Flex justify="center" style={{ padding: 48 }}>
            <Spin size="large" />
          </Flex>
        )}
        {ending ? (
          <EndingCard ending={ending} view={view} onRetry={() => void load()} />
        ) : (
          view && (
            <Flex vertical gap={12}>
              <Card styles={{ body: { padding: 16 } }} style={{ borderTop: `4px solid ${RED}` }}>
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="survey-title">
                  {view.title}
                </Typography.Title>
                <div style={{ marginTop: 8, fontSize: 16 }}>
                  评价对象：<b data-testid="survey-unit">{view.unitName}</b>
                </div>
                {view.intro && <Typography.Paragraph style={{ margin: '8px 0 0', color: '#555', whiteSpace: 'pre-line' }}>{view.intro}</Typography.Paragraph>}
                <div style={{ marginTop: 8, fontSize: 13, color: '#888' }}>共 {view.questions.length} 题，带 * 的为必答题。答卷不记名。</div>
              </Card>
              {view.mode === 'token' && (
                <QuestionFrame id="token" title="答题码" required error={errors.token} ref={(el) => (cards.current.token = el)}>
                  {linkToken && view.token?.state === 'unused' && !errors.token ? (
                    <div style={{ fontSize: 16 }} data-testid="token-from-link">
                      <CheckCircleFilled style={{ color: '#52c41a' }} /> 已从二维码读取答题码 <b style={{ fontFamily: 'monospace' }}>{token}</b>
                    </div>
                  ) : (
                    <>
                      <div style={{ fontSize: 14, color: '#666', marginBottom: 8 }}>请输入纸条上的 12 位答题码（字母不分大小写）</div>
                      <Input
                        size="large"
                        value={token}
                        onChange={(e) => {
                          setToken(formatTyped(e.target.value));
                          setErrors((x) => ({ ...x, token: '' }));
                        }}
                        placeholder="ABCD-EFGH-JKMN"
                        autoComplete="off"
                        autoCapitalize="characters"
                        spellCheck={false}
                        aria-label="答题码"
                        status={errors.token ? 'error' : undefined}
                        style={{ fontFamily: 'monospace', fontSize: 20, letterSpacing: 1, height: 52 }}
                      />
                    </>
                  )}
                </QuestionFrame>
              )}
              {view.questions.map((q, i) => (
                <QuestionFrame key={q.key} id={q.key} title={`${i + 1}. ${q.label}`} required={q.required} error={errors[q.key]} ref={(el) => (cards.current[q.key] = el)}>
                  <QuestionInput q={q} value={answers[q.key]} onChange={(v) => set(q.key, v)} />
                </QuestionFrame>
              ))}
              {notice && <Alert type="error" showIcon title={notice} role="alert" />}
              {Object.values(errors).some(Boolean) && <Alert type="warning" showIcon title="还有题目需要填写或修改，请查看标红的题目" role="alert" />}
              <Button type="primary" size="large" block loading={busy} onClick={() => void submit()} style={{ height: 56, fontSize: 20, fontWeight: 600 }}>
                提交
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
                {view.mode === 'token' ? '每个答题码只能提交一次。' : '每台手机只能提交一次。'}提交后不能修改。
              </Typography.Text>
            </Flex>
          )
        )}
      </main>
    </div>
  );
}

interface FrameProps {
  id: string;
  title: string;
  required: boolean;
  error?: string;
  children: ReactNode;
  ref: (el: HTMLElement | null) => void;
}

/** One question per card; the error sits right under the question it concerns. */
function QuestionFrame({ id, title, required, error, children, ref }: FrameProps) {
  return (
    <section ref={ref} aria-labelledby={`q-${id}`} data-testid={`question-${id}`} style={{ background: '#fff', borderRadius: 8, padding: 16, border: error ? '1px solid #ff4d4f' : '1px solid #f0f0f0' }}>
      <div id={`q-${id}`} style={{ fontSize: 17, fontWeight: 600, marginBottom: 12, lineHeight: 1.5 }}>
        {required && <span style={{ color: RED, marginInlineEnd: 4 }}>*</span>}
        {title}
      </div>
      {children}
      {error && (
        <div role="alert" style={{ color: '#ff4d4f', marginTop: 8, fontSize: 14 }}>
          {error}
        </div>
      )}
    </section>
  );
}

/** A choice as a big button: the whole row is the tap target. */
function Choice({ selected, onClick, children, role }: { selected: boolean; onClick: () => void; children: ReactNode; role: 'radio' | 'checkbox' }) {
  return (
    <button
      type="button"
      role={role}
      aria-checked={selected}
      onClick={onClick}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        width: '100%',
        minHeight: 52,
        padding: '10px 14px',
        fontSize: 16,
        textAlign: 'left',
        borderRadius: 8,
        border: `1.5px solid ${selected ? RED : '#d9d9d9'}`,
        background: selected ? '#fff1f0' : '#fff',
        color: '#222',
        cursor: 'pointer',
      }}
    >
      <span
        aria-hidden
        style={{
          flexShrink: 0,
          width: 22,
          height: 22,
          borderRadius: role === 'radio' ? 11 : 4,
          border: `2px solid ${selected ? RED : '#bbb'}`,
          background: selected ? RED : '#fff',
          color: '#fff',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontSize: 13,
        }}
      >
        {selected && <CheckOutlined />}
      </span>
      <span>{children}</span>
    </button>
  );
}

function QuestionInput({ q, value, onChange }: { q: Question; value: Answer | undefined; onChange: (v: Answer | undefined) => void }) {
  if (q.type === 'rating') {
    return (
      <div role="radiogroup" aria-label={q.label} style={{ display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', gap: 6 }}>
        {[1, 2, 3, 4, 5].map((n) => {
          const selected = value === n;
          return (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={selected}
              aria-label={`${n}分 ${RATING_LABELS[n - 1]}`}
              onClick={() => onChange(n)}
              style={{
                minHeight: 68,
                borderRadius: 8,
                border: `1.5px solid ${selected ? RED : '#d9d9d9'}`,
                background: selected ? RED : '#fff',
                color: selected ? '#fff' : '#222',
                cursor: 'pointer',
                padding: '6px 2px',
              }}
            >
              <div style={{ fontSize: 24, fontWeight: 700, lineHeight: 1.1 }}>{n}</div>
              <div style={{ fontSize: 12, marginTop: 2 }}>{RATING_LABELS[n - 1]}</div>
            </button>
          );
        })}
      </div>
    );
  }
  if (q.type === 'single') {
    return (
      <Flex vertical gap={8} role="radiogroup" aria-label={q.label}>
        {q.options.map((o) => (
          <Choice key={o} role="radio" selected={value === o} onClick={() => onChange(value === o && !q.required ? undefined : o)}>
            {o}
          </Choice>
        ))}
      </Flex>
    );
  }
  if (q.type === 'multi') {
    const list = Array.isArray(value) ? value : [];
    return (
      <Flex vertical gap={8} role="group" aria-label={q.label}>
        <div style={{ fontSize: 13, color: '#888', marginTop: -6 }}>可多选</div>
        {q.options.map((o) => (
          <Choice key={o} role="checkbox" selected={list.includes(o)} onClick={() => onChange(list.includes(o) ? list.filter((x) => x !== o) : [...list, o])}>
            {o}
          </Choice>
        ))}
      </Flex>
    );
  }
  return (
    // Room below for the character count, which antd draws under the box.
    <div style={{ paddingBottom: 18 }}>
      <Input.TextArea
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
        rows={4}
        maxLength={500}
        showCount
        placeholder="请填写您的意见和建议（选填）"
        aria-label={q.label}
        style={{ fontSize: 16 }}
      />
    </div>
  );
}

function EndingCard({ ending, view, onRetry }: { ending: Ending; view: PublicSurvey | null; onRetry: () => void }) {
  const card = (children: ReactNode) => (
    <Card data-testid="survey-ending" data-kind={ending.kind}>
      {children}
    </Card>
  );
  switch (ending.kind) {
    case 'thanks':
      return card(<Result status="success" title="提交成功" subTitle={`感谢您的评价！您对${ending.unitName}的评价已收到。`} />);
    case 'token_used':
      return card(
        <Result
          status="warning"
          title="该答题码已经使用过"
          subTitle={`每个答题码只能提交一次${view ? `（${view.unitName}）` : ''}。如果您刚刚已经提交，说明答卷已经收到，无需重复提交；如需评价，请向发放答题码的村（社区）另行领取。`}
        />,
      );
    case 'answered':
      return card(<Result status="info" title="您已经提交过本次评价" subTitle="每台手机只能提交一次，感谢您的参与。" />);
    case 'closed':
      return card(<Result icon={<StopOutlined style={{ color: '#8c8c8c' }} />} title="本次评价已结束" subTitle={`${ending.about ?? ''}已停止收集，感谢您的关注。`} />);
    case 'not_open':
      return card(<Result status="info" title="本次评价尚未开始" subTitle={`${ending.about ?? ''}${ending.message}`} />);
    case 'not_found':
      return card(<Result status="warning" title="问卷链接无效" subTitle={ending.message} />);
    case 'network':
      return card(
        <Result
          status="error"
          title="暂时无法打开"
          subTitle={ending.message}
          extra={
            <Button type="primary" size="large" onClick={onRetry}>
              重试
            </Button>
          }
        />,
      );
  }
}
