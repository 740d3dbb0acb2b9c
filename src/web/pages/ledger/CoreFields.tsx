import { Button, Card, Col, Flex, Form, Input, InputNumber, Radio, Row, Select, Slider } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { HONOUR_LEVELS, HONOUR_LEVEL_ZH, PROJECT_STATUSES, PROJECT_STATUS_ZH } from '../../../shared/ledger';
import { OrgUnitMultiPicker } from '../../components/OrgUnitMultiPicker';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PersonPicker } from '../../components/PersonPicker';
import { DateInput } from './DateInput';
import { PeopleMultiPicker } from './PeopleMultiPicker';
import type { Category, RecordDetail } from './types';

const required = (message: string) => [{ required: true, message }];

/** 活动日期 and who took part: what a village cadre fills on the spot. */
export function ActivityMainFields({ record }: { record: RecordDetail | null }) {
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item label="活动日期" name="heldOn" rules={required('请填写活动日期')}>
          <DateInput allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="参与人数" name="participants" extra="不填则按所选参加人员计">
          <InputNumber min={0} max={10_000_000} precision={0} inputMode="numeric" suffix="人" style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="参加人员" name="personIds">
          <PeopleMultiPicker known={record?.people} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The rest of an activity, folded away on the quick form. */
export function ActivityMoreFields({ unitPlaceholder }: { unitPlaceholder: string }) {
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item label="地点" name="place">
          <Input maxLength={100} placeholder="如：村文化礼堂" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="受众人数" name="audience">
          <InputNumber min={0} max={10_000_000} precision={0} inputMode="numeric" suffix="人" style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="结束日期" name="endedOn" extra="跨天活动填写">
          <DateInput />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="宣讲团/队伍" name="team">
          <Input maxLength={50} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="组织单位" name="orgUnitId">
          <OrgUnitPicker placeholder={unitPlaceholder} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="成效" name="outcomes">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Col>
    </Row>
  );
}

export function CaseFields({ category, isNew, unitPlaceholder }: { category: Category | undefined; isNew: boolean; unitPlaceholder: string }) {
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item label="登记日期" name="registeredOn" rules={required('请填写登记日期')}>
          <DateInput allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="办理期限" name="dueOn" extra={category?.slaDays ? `不填则按类别时限 ${category.slaDays} 天自动计算` : '该类别未设时限，可不填'}>
          <DateInput />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="提出方" name="requester">
          <Input maxLength={100} placeholder="如：企业名称、群众姓名" />
        </Form.Item>
      </Col>
      {isNew && (
        <Col xs={24} sm={12}>
          <Form.Item label="登记单位" name="orgUnitId" extra="登记后先由登记单位承办，再交办给承办单位">
            <OrgUnitPicker placeholder={unitPlaceholder} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

export function ProjectFields({ record, unitPlaceholder }: { record: RecordDetail | null; unitPlaceholder: string }) {
  return (
    <>
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item label="状态" name="status" rules={required('请选择状态')}>
            <Select options={PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_ZH[s] }))} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={16}>
          <Form.Item label="进度（%）" name="progress">
            <Slider min={0} max={100} marks={{ 0: '0', 50: '50', 100: '100' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item label="开工日期" name="startedOn" rules={required('请填写开工日期')}>
            <DateInput allowClear={false} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item label="计划完工日期" name="plannedEndOn">
            <DateInput />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item label="完工日期" name="completedOn">
            <DateInput />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label="牵头单位" name="orgUnitId">
            <OrgUnitPicker placeholder={unitPlaceholder} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label="联建单位" name="partnerUnitIds">
            <OrgUnitMultiPicker known={record?.partners} />
          </Form.Item>
        </Col>
      </Row>
      <FundsList />
      <MilestonesList />
    </>
  );
}

/** Column captions over an editable list (placeholders vanish once a line is filled in). */
function ListHeader({ labels }: { labels: [string, string][] }) {
  return (
    <Flex gap={8} style={{ fontSize: 12, color: '#888', marginBottom: 4, paddingInlineEnd: 40 }} aria-hidden>
      {labels.map(([text, flex]) => (
        <span key={text} style={{ flex }}>
          {text}
        </span>
      ))}
    </Flex>
  );
}

/** 资金来源: one line per source; the project's totals are their sums. */
function FundsList() {
  return (
    <Card size="small" title="资金来源" style={{ marginBottom: 16 }} data-testid="funds-list">
      <Form.List name="funds">
        {(fields, { add, remove }) => (
          <>
            {fields.length > 0 && <ListHeader labels={[['来源', '2 1 140px'], ['计划投资（元）', '1 1 110px'], ['实际投资（元）', '1 1 110px']]} />}
            {fields.map(({ key, name }) => (
              <Flex key={key} gap={8} align="start" wrap>
                <Form.Item name={[name, 'source']} rules={required('请填写资金来源')} style={{ flex: '2 1 140px', marginBottom: 8 }}>
                  <Input placeholder="来源，如：县级财政" aria-label={`第 ${name + 1} 行资金来源`} maxLength={30} />
                </Form.Item>
                <Form.Item name={[name, 'planned']} rules={required('请填写计划投资')} style={{ flex: '1 1 110px', marginBottom: 8 }}>
                  <InputNumber min={0} placeholder="计划（元）" aria-label={`第 ${name + 1} 行计划投资`} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name={[name, 'actual']} style={{ flex: '1 1 110px', marginBottom: 8 }}>
                  <InputNumber min={0} placeholder="实际（元）" aria-label={`第 ${name + 1} 行实际投资`} style={{ width: '100%' }} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除资金来源（第 ${name + 1} 行）`} onClick={() => remove(name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ source: '', planned: null, actual: 0 })}>
              添加资金来源
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

/** 节点: planned and done dates of the project's milestones, in order. */
function MilestonesList() {
  return (
    <Card size="small" title="进度节点" style={{ marginBottom: 16 }} data-testid="milestones-list">
      <Form.List name="milestones">
        {(fields, { add, remove }) => (
          <>
            {fields.length > 0 && <ListHeader labels={[['节点', '2 1 140px'], ['计划日期', '1 1 120px'], ['完成日期', '1 1 120px']]} />}
            {fields.map(({ key, name }) => (
              <Flex key={key} gap={8} align="start" wrap>
                <Form.Item name={[name, 'name']} rules={required('请填写节点名称')} style={{ flex: '2 1 140px', marginBottom: 8 }}>
                  <Input placeholder="节点，如：主体完工" aria-label={`第 ${name + 1} 个节点名称`} maxLength={60} />
                </Form.Item>
                <Form.Item name={[name, 'plannedOn']} style={{ flex: '1 1 120px', marginBottom: 8 }}>
                  <DateInput placeholder="计划日期" aria-label={`第 ${name + 1} 个节点计划日期`} />
                </Form.Item>
                <Form.Item name={[name, 'doneOn']} style={{ flex: '1 1 120px', marginBottom: 8 }}>
                  <DateInput placeholder="完成日期" aria-label={`第 ${name + 1} 个节点完成日期`} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除节点（第 ${name + 1} 个）`} onClick={() => remove(name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', plannedOn: null, doneOn: null })}>
              添加节点
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

export function HonourFields({ record }: { record: RecordDetail | null }) {
  const form = Form.useFormInstance();
  const recipientType = Form.useWatch('recipientType', form) as 'person' | 'unit' | undefined;
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item label="荣誉级别" name="level" rules={required('请选择荣誉级别')}>
          <Select placeholder="请选择" options={HONOUR_LEVELS.map((l) => ({ value: l, label: HONOUR_LEVEL_ZH[l] }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="授予日期" name="awardedOn" rules={required('请填写授予日期')}>
          <DateInput allowClear={false} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="授予单位" name="issuer">
          <Input maxLength={100} placeholder="如：中共浙江省委组织部" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label="获得者" name="recipientType">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'unit', label: '集体（单位）' },
              { value: 'person', label: '个人' },
            ]}
          />
        </Form.Item>
      </Col>
      {recipientType === 'person' ? (
        <Col xs={24} sm={12}>
          <Form.Item label="获得荣誉的人员" name="recipientPersonId" rules={required('请选择获得荣誉的人员')} extra="计入其所在单位">
            <PersonPicker initialLabel={record?.recipientPersonName ?? undefined} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      ) : (
        <Col xs={24} sm={12}>
          <Form.Item label="获得荣誉的单位" name="orgUnitId" rules={required('请选择获得荣誉的单位')}>
            <OrgUnitPicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}
