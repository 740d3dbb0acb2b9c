import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, ConfigProvider, Result, Select, Spin, theme, Typography } from 'antd';
import { CompressOutlined, ExpandOutlined, LogoutOutlined } from '@ant-design/icons';
import { CockpitGrid } from './CockpitGrid';
import { clockText } from './display';
import { useCockpitView, yearOptions } from './useCockpit';
import './cockpit.css';

/** Dark navy for a wall screen; links in a blue that keeps AA contrast on it. */
const SCREEN_THEME = {
  algorithm: theme.darkAlgorithm,
  token: { colorBgBase: '#0b1526', colorPrimary: '#e8374f', colorLink: '#69b1ff', colorInfo: '#69b1ff' },
};

/**
 * 大屏模式 (/screen/:id?year=): the cockpit on a wall screen — dark, large type, every widget on
 * one 1920×1080 screen without scrolling, read again every minute. A card opens its drill-down
 * in a new tab so the wall keeps showing the cockpit.
 */
export default function ScreenPage() {
  return (
    <ConfigProvider theme={SCREEN_THEME}>
      <Screen />
    </ConfigProvider>
  );
}

function Screen() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? params.get('year') : null;
  const view = useCockpitView(id, year, 60_000);
  const v = view.data;
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement != null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  // The page behind is the app's light grey: paint the whole window dark while the wall is up.
  useEffect(() => {
    const previous = document.body.style.background;
    document.body.style.background = token.colorBgLayout;
    return () => {
      document.body.style.background = previous;
    };
  }, [token.colorBgLayout]);

  useEffect(() => {
    if (v) document.title = `${v.cockpit.title} · 大屏`;
  }, [v]);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };

  const shell = { background: token.colorBgLayout, color: token.colorText };
  if (view.error && !v) {
    return (
      <div className="cockpit-screen" style={shell}>
        <Result status="warning" title={view.error} extra={<Button onClick={() => navigate('/cockpit?list=1')}>返回驾驶舱列表</Button>} />
      </div>
    );
  }
  if (!v) {
    return (
      <div className="cockpit-screen" style={{ ...shell, alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }

  return (
    <div className="cockpit-screen" style={shell} data-testid="cockpit-screen">
      <header className="cockpit-screen-header">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 'clamp(24px, 3.4vh, 40px)', letterSpacing: 2 }} data-testid="cockpit-title">
          {v.cockpit.title}
        </Typography.Title>
        <Select
          value={v.year}
          onChange={(y: number) => setParams({ year: String(y) })}
          options={yearOptions(v.year)}
          style={{ width: 110 }}
          size="large"
          aria-label="年份"
        />
        <div style={{ flex: 1 }} />
        <Typography.Text style={{ fontSize: 'clamp(14px, 1.8vh, 20px)', color: token.colorTextSecondary }} data-testid="cockpit-as-of">
          {v.cockpit.unit.name} · 数据更新于 {clockText(v.asOf)}
          {view.stale && <span style={{ color: '#ffc53d' }}>（刷新失败，稍后重试）</span>}
        </Typography.Text>
        <Button type="text" icon={fullscreen ? <CompressOutlined /> : <ExpandOutlined />} onClick={toggleFullscreen} aria-label={fullscreen ? '退出全屏' : '全屏'} title={fullscreen ? '退出全屏' : '全屏'} />
        <Button type="text" icon={<LogoutOutlined />} onClick={() => navigate(`/cockpit/${v.cockpit.id}${year ? `?year=${year}` : ''}`)}>
          退出大屏
        </Button>
      </header>
      <CockpitGrid view={v} screen />
    </div>
  );
}
