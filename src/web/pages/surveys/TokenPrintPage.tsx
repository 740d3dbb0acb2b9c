import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Checkbox, Flex, Select, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useApi } from '../indicators/useApi';
import { absolute, dateTime } from './display';
import { QrCode } from './QrCode';
import type { SurveyDetail, TokenSheet } from './types';

const PRINT_CSS = `
.token-sheet { background: #fff; padding: 16px; margin: 0 auto 16px; max-width: 794px; }
.token-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0; }
.token-slip { border: 1px dashed #999; padding: 10px 8px; display: flex; flex-direction: column; align-items: center; gap: 4px; break-inside: avoid; text-align: center; }
@media print {
  @page { size: A4; margin: 10mm; }
  body { background: #fff !important; }
  .no-print { display: none !important; }
  .token-sheet { padding: 0; margin: 0; max-width: none; break-after: page; }
  .token-sheet:last-child { break-after: auto; }
}`;

/**
 * 打印: A4 sheets of answer-token slips, one sheet group per unit — each slip has a QR code that
 * opens the unit's answer page with the token filled in, and the token printed for typing; the
 * same batch prints the same tokens every time, used tokens left out unless asked for. With
 * `?posters=1`, one poster per unit instead: its public link as a large QR code, to put up or send.
 */
export default function TokenPrintPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const batch = params.get('batch') ?? undefined;
  const targetId = params.get('targetId') ? Number(params.get('targetId')) : undefined;
  const includeUsed = params.get('includeUsed') === 'true';
  const posters = params.get('posters') === '1';
  const survey = useApi<SurveyDetail>(`survey:${id}`, () => api.get<SurveyDetail>(`/api/surveys/${id}`));
  const sheet = useApi<TokenSheet>(posters ? null : `sheet:${id}:${batch}:${targetId}:${includeUsed}`, () =>
    api.get<TokenSheet>(`/api/surveys/${id}/tokens/print`, { batch, targetId, includeUsed: includeUsed ? 'true' : undefined }),
  );

  useEffect(() => {
    document.title = posters ? '打印二维码海报 · 丽州' : '打印答题码 · 丽州';
  }, [posters]);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  if (posters) return <Posters survey={survey.data} error={survey.error} targetId={targetId} onTarget={(v) => set({ targetId: v ? String(v) : undefined })} />;
  const s = sheet.data;
  return (
    <div style={{ background: '#f0f0f0', minHeight: '100vh', paddingBottom: 24 }}>
      <style>{PRINT_CSS}</style>
      <Flex className="no-print" gap={12} wrap align="center" style={{ padding: 12, background: '#fff', borderBottom: '1px solid #e8e8e8', marginBottom: 16 }}>
        <Link to={`/surveys/${id}?tab=tokens`}>
          <Button icon={<ArrowLeftOutlined />}>返回</Button>
        </Link>
        <Typography.Text strong>{s?.survey.title ?? '答题码'}</Typography.Text>
        {batch && <Typography.Text type="secondary">批次：{dateTime(batch)}</Typography.Text>}
        <Select
          allowClear
          placeholder="全部评价对象"
          style={{ minWidth: 220 }}
          value={targetId}
          onChange={(v?: number) => set({ targetId: v ? String(v) : undefined })}
          options={(survey.data?.targets ?? []).map((t) => ({ value: t.targetId, label: t.parentName ? `${t.unitName}（${t.parentName}）` : t.unitName }))}
          showSearch={{ optionFilterProp: 'label' }}
          aria-label="评价对象"
        />
        <Checkbox checked={includeUsed} onChange={(e) => set({ includeUsed: e.target.checked ? 'true' : undefined })}>
          含已使用的答题码
        </Checkbox>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!s?.count}>
          打印
        </Button>
        {s && <Typography.Text type="secondary">共 {s.count} 个答题码</Typography.Text>}
      </Flex>
      {sheet.error && <Alert className="no-print" type="error" showIcon title={sheet.error} style={{ margin: 16 }} />}
      {s?.truncated && <Alert className="no-print" type="warning" showIcon title={`答题码较多，只显示前 ${s.limit} 个。请在上方选择评价对象，按单位分别打印。`} style={{ margin: '0 16px 16px' }} />}
      {!s && !sheet.error && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      )}
      {s && s.count === 0 && <Alert className="no-print" type="info" showIcon title="没有可打印的答题码（已使用的答题码默认不打印）" style={{ margin: 16 }} />}
      {s?.targets.map((t) => (
        <section key={t.targetId} className="token-sheet" data-testid="token-sheet">
          <div style={{ textAlign: 'center', marginBottom: 8 }}>
            <div style={{ fontSize: 18, fontWeight: 600 }}>{s.survey.title}</div>
            <div style={{ fontSize: 14 }}>
              评价对象：{t.unitName}
              {t.parentName ? `（${t.parentName}）` : ''} · 每个答题码限用一次，请沿虚线剪开分发
            </div>
          </div>
          <div className="token-grid">
            {t.tokens.map((k) => (
              <div key={k.token} className="token-slip" data-testid="token-slip">
                <div style={{ fontSize: 12 }}>{t.unitName} · 群众评价</div>
                <QrCode value={absolute(k.link)} size={104} alt={`答题码 ${k.display} 的二维码`} />
                <div style={{ fontFamily: 'monospace', fontSize: 17, fontWeight: 700, letterSpacing: 1 }}>{k.display}</div>
                <div style={{ fontSize: 10, color: '#555', lineHeight: 1.3, wordBreak: 'break-all' }}>
                  微信扫码答卷，或打开 {absolute(t.link)} 输入上面的答题码
                  {k.used && <b style={{ color: '#cf1322' }}>（已使用）</b>}
                </div>
              </div>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

/** One A4 poster per unit: the survey, the unit, and its public link as a large QR code. */
function Posters({ survey, error, targetId, onTarget }: { survey: SurveyDetail | null; error: string | null; targetId?: number; onTarget: (id?: number) => void }) {
  const targets = (survey?.targets ?? []).filter((t) => !targetId || t.targetId === targetId);
  return (
    <div style={{ background: '#f0f0f0', minHeight: '100vh', paddingBottom: 24 }}>
      <style>{PRINT_CSS}</style>
      <Flex className="no-print" gap={12} wrap align="center" style={{ padding: 12, background: '#fff', borderBottom: '1px solid #e8e8e8', marginBottom: 16 }}>
        <Link to={survey ? `/surveys/${survey.id}` : '/surveys'}>
          <Button icon={<ArrowLeftOutlined />}>返回</Button>
        </Link>
        <Typography.Text strong>{survey?.title ?? '二维码海报'}</Typography.Text>
        <Select
          allowClear
          placeholder="全部评价对象"
          style={{ minWidth: 220 }}
          value={targetId}
          onChange={(v?: number) => onTarget(v)}
          options={(survey?.targets ?? []).map((t) => ({ value: t.targetId, label: t.parentName ? `${t.unitName}（${t.parentName}）` : t.unitName }))}
          showSearch={{ optionFilterProp: 'label' }}
          aria-label="评价对象"
        />
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!targets.length}>
          打印
        </Button>
        <Typography.Text type="secondary">共 {targets.length} 张</Typography.Text>
      </Flex>
      {error && <Alert className="no-print" type="error" showIcon title={error} style={{ margin: 16 }} />}
      {!survey && !error && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      )}
      {survey &&
        targets.map((t) => (
          <section key={t.targetId} className="token-sheet" data-testid="poster" style={{ textAlign: 'center', padding: '48px 24px' }}>
            <div style={{ fontSize: 30, fontWeight: 700, color: '#c8102e' }}>群众评价</div>
            <div style={{ fontSize: 22, fontWeight: 600, margin: '12px 0' }}>{survey.title}</div>
            <div style={{ fontSize: 20, marginBottom: 24 }}>
              评价对象：{t.unitName}
              {t.parentName ? `（${t.parentName}）` : ''}
            </div>
            <Flex justify="center">
              <QrCode value={absolute(t.link)} size={320} alt={`${t.unitName}答卷二维码`} />
            </Flex>
            <div style={{ fontSize: 20, marginTop: 24 }}>{survey.mode === 'token' ? '微信扫一扫，输入答题码参与评价' : '微信扫一扫，参与评价'}</div>
            <div style={{ fontSize: 15, color: '#555', marginTop: 8 }}>
              {survey.mode === 'token' ? '答题码请向本村（社区）领取，每个答题码限用一次' : '不记名，每台手机限答一次'} · {absolute(t.link)}
            </div>
          </section>
        ))}
    </div>
  );
}
