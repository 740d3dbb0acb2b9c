import { useState } from 'react';
import { Alert, Card, Col, Empty, Flex, Form, Row, Space, Spin, Statistic, Table, Tag } from 'antd';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { api } from '../../api';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { useApi } from '../indicators/useApi';
import type { Coverage } from './types';

/**
 * 覆盖情况: villages and communities with no response unit, units whose available members fall
 * short of their minimum, and people on several rosters (called once when both are activated).
 */
export function CoverageTab({ onOpenUnit }: { onOpenUnit: (id: number) => void }) {
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const { data, error, loading } = useApi<Coverage>(`coverage:${orgUnitId ?? ''}`, () => api.get<Coverage>('/api/mobilization/coverage', { orgUnitId }));

  return (
    <Flex vertical gap={12}>
      <Form layout="vertical" component="div">
        <Form.Item label="范围" htmlFor="coverage-org" style={{ marginBottom: 0, maxWidth: 360 }}>
          <OrgUnitPicker id="coverage-org" value={orgUnitId} onChange={setOrgUnitId} placeholder="本辖区全部" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
      {!data && loading && <Spin />}
      {data && (
        <>
          <Row gutter={[8, 8]}>
            <Col xs={8}>
              <Card size="small">
                <Statistic
                  title="未建单元的村社"
                  value={data.uncoveredVillages.length}
                  suffix={`/ ${data.villages}`}
                  styles={{ content: { color: data.uncoveredVillages.length ? '#cf1322' : '#389e0d', fontSize: 22 } }}
                />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="缺员单元" value={data.underStrength.length} styles={{ content: { color: data.underStrength.length ? '#cf1322' : '#389e0d', fontSize: 22 } }} />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="编入多个单元" value={data.onSeveralRosters.length} suffix="人" styles={{ content: { fontSize: 22 } }} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={`没有应急响应单元的村（社区）（${data.uncoveredVillages.length}）`}>
            {data.uncoveredVillages.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${data.unit.name}的 ${data.villages} 个村（社区）都已建立应急响应单元`} />
            ) : (
              <Space size={[4, 8]} wrap data-testid="uncovered-villages">
                {data.uncoveredVillages.map((v) => (
                  <Tag key={v.id} color="error">
                    {v.name}
                    <span style={{ color: '#999', marginInlineStart: 4 }}>{ORG_TYPE_ZH[v.type as OrgType]}</span>
                  </Tag>
                ))}
              </Space>
            )}
          </Card>
          <Card size="small" title={`缺员单元（${data.underStrength.length}）`}>
            <Table
              data-testid="under-strength"
              rowKey="id"
              size="small"
              dataSource={data.underStrength}
              pagination={data.underStrength.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
              rowClassName="clickable-row"
              onRow={(u) => ({ onClick: () => onOpenUnit(u.id) })}
              locale={{ emptyText: '没有缺员单元' }}
              columns={[
                { title: '单元', dataIndex: 'name', render: (n: string, u) => (<>{n}<div style={{ fontSize: 12, color: '#999' }}>{u.orgUnitName}</div></>) },
                { title: '在册', dataIndex: 'rosterSize', width: 60 },
                { title: '可调', dataIndex: 'available', width: 60, render: (n: number) => <b style={{ color: '#cf1322' }}>{n}</b> },
                { title: '最低到岗', dataIndex: 'minStrength', width: 80 },
                { title: '缺', key: 'short', width: 60, render: (_, u) => u.minStrength - u.available },
              ]}
            />
          </Card>
          <Card size="small" title={`编入多个单元的人员（${data.onSeveralRosters.length}）`}>
            <div style={{ fontSize: 12, color: '#999', marginBottom: 8 }}>几个单元同时激活时只通知一次，计入其负责的单元，否则计入先列出的单元。</div>
            <Table
              data-testid="several-rosters"
              rowKey="personId"
              size="small"
              dataSource={data.onSeveralRosters}
              pagination={data.onSeveralRosters.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
              locale={{ emptyText: '没有人员编入多个单元' }}
              columns={[
                { title: '姓名', dataIndex: 'name', width: 100, render: (n: string, p) => (<>{n}{p.phoneMasked && <div style={{ fontSize: 12, color: '#999' }}>{p.phoneMasked}</div>}</>) },
                {
                  title: '所在单元',
                  dataIndex: 'units',
                  render: (units: Coverage['onSeveralRosters'][number]['units']) => (
                    <Space size={[4, 4]} wrap>
                      {units.map((u) => (
                        <Tag key={u.id} style={{ cursor: 'pointer' }} onClick={() => onOpenUnit(u.id)}>
                          {u.name}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Flex>
  );
}
