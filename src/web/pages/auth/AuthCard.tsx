import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';

/** Centered card for the pages shown outside the main layout (login, forced password change). */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: '#f5f5f5' }}>
      <div style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#c8102e' }}>
          丽州 · 县域党建工作平台
        </Typography.Title>
        <Card title={title}>{children}</Card>
      </div>
    </div>
  );
}
