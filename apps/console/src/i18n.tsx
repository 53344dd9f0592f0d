import { createContext, useContext } from 'react';
import type { Labels } from './api';

export type Lang = 'zh-CN' | 'en';

const zh = {
  appTitle: '环评与排污许可审批工作台',
  signIn: '登录',
  signOut: '退出',
  devSignIn: '开发环境登录',
  tokenSignIn: '令牌登录',
  role: '角色',
  dept: '部门',
  name: '姓名',
  userId: '用户编号',
  pasteToken: '粘贴身份认证系统签发的令牌 (Bearer)',
  devUnavailable: '本环境未开放开发令牌，请使用令牌登录。',
  inbox: '待办',
  done: '已办',
  search: '查询',
  dashboard: '效能看板',
  supervision: '事中事后监管',
  notifications: '消息',
  unread: '未读',
  markRead: '标为已读',
  markAllRead: '全部已读',
  language: 'English',
  application: '申请',
  kind: '环节',
  level: '预警',
  dueDate: '办结期限',
  daysLeft: '剩余',
  days: '天',
  workingDays: '个工作日',
  overdue: '已超期',
  open: '办理',
  prev: '上一页',
  next: '下一页',
  all: '全部',
  outcome: '结果',
  completedAt: '完成时间',
  applicant: '申请人',
  project: '项目',
  materials: '申请材料',
  openFile: '查看文件',
  timeline: '办理过程',
  audit: '审计记录',
  clock: '法定时限',
  diagram: '流程图',
  countersign: '会签',
  actions: '办理操作',
  complete: '办结本环节',
  comment: '意见',
  corrections: '需补正材料',
  requestCorrection: '一次性告知补正',
  delegate: '委派',
  toUserId: '委派给 (用户编号)',
  suspend: '暂停计时',
  resume: '恢复计时',
  reason: '原因',
  expectedDays: '预计天数',
  extend: '延长期限',
  extendDays: '延长工作日数',
  submit: '提交',
  signed: '已签',
  pending: '待签',
  addSigners: '增加会签部门',
  removeSigners: '减少会签部门',
  change: '调整',
  statutoryDeadline: '法定期限',
  committedDeadline: '承诺期限',
  elapsed: '已用',
  today: '今天',
  pause: '暂停',
  extension: '延长',
  noTasks: '暂无待办',
  query: '项目名称、项目代码、申请人或统一社会信用代码',
  status: '状态',
  licenseType: '许可类型',
  createdAt: '申请时间',
  openCases: '在办件预警分布',
  paused: '暂停计时件数',
  closedByLicense: '各类许可办结情况',
  avgDaysSaved: '平均节约天数',
  withinShare: '承诺时限内办结率',
  report: '营商环境指标',
  from: '起',
  to: '止',
  csv: '下载 CSV',
  entities: '监管对象',
  positiveList: '正面清单',
  plans: '双随机抽查计划',
  checks: '检查任务',
  alarms: '在线监测报警',
  drawPlan: '抽取计划',
  seed: '随机种子',
  inputsHash: '输入摘要',
  verify: '复核',
  refused: '操作未通过',
  saved: '已提交',
  loading: '加载中',
  you: '当前用户',
  permits: '许可证',
  currentStep: '当前环节',
  menu: '菜单',
  noActions: '本件当前没有可办理的操作',
  system: '系统',
  monitoringSystem: '在线监测系统',
  otherAction: '其他操作',
  start: '开始',
  noDueDate: '该环节不计办结期限',
  noClockYet: '受理后开始计算法定时限',
  noClockRefused: '未予受理，不计算法定时限',
  noClockWithdrawn: '申请已撤回，不计算法定时限',
  noClock: '该事项不计算法定时限',
  daysUsed: '实际用时',
  daysSaved: '比法定时限节约',
  daysLate: '超出法定时限',
  remaining: '剩余',
  calendarDays: '自然日',
  errorDetail: '详情',
  errorGeneric: '操作未能完成',
  creditCode: '统一社会信用代码',
  caseId: '办件编号',
  fileCode: '材料编号',
  receivedAt: '收件时间',
  signedBy: '签署人',
  riskClass: '风险等级',
  onlineMonitoring: '在线监测',
  lastInspectedOn: '最近检查日期',
  period: '抽查周期',
  ratioKey: '重点监管抽查比例',
  ratioGeneral: '一般监管抽查比例',
  ratioPositive: '正面清单抽查比例',
  inspectorsPerCheck: '每次检查人数',
  inspectors: '检查人员',
  offSite: '非现场检查',
  drawnAt: '抽取时间',
  algorithm: '抽取算法',
  yes: '是',
  no: '否',
  reportPeriod: '统计期间',
  serviceItems: '审批事项数',
  subItems: '办理项数',
  fullyOnlineSubItems: '可全程网办的办理项',
  fullyOnlineShare: '全程网办率',
  singleWindowAcceptanceRate: '一窗受理率',
  received: '收件数',
  throughTheWindow: '经综合窗口收件',
  acceptedShareOfAcceptanceDecisions: '受理率',
  accepted: '受理',
  notAccepted: '不予受理',
  averageCompression: '承诺时限平均压缩比例',
  compressionSubItems: '压缩时限的办理项',
  decided: '已办结',
  approved: '批准',
  denied: '不予许可',
  averageDaysUsed: '平均用时',
  averageDaysSaved: '平均节约',
  averageShareOfCommittedLimitUsed: '平均占用承诺时限',
  furtherUnderCommitted: '较承诺时限再压缩',
  supervisionFigures: '事中事后监管',
  plansCount: '抽查计划',
  checksCount: '检查任务',
  violations: '发现违法',
  byChannel: '收件渠道',
  count: '件',
  items: '项',
  people: '人',
};
export type Msg = keyof typeof zh;
const en: Record<Msg, string> = {
  appTitle: 'Permit approvals workbench',
  signIn: 'Sign in',
  signOut: 'Sign out',
  devSignIn: 'Development sign-in',
  tokenSignIn: 'Token sign-in',
  role: 'Role',
  dept: 'Department',
  name: 'Name',
  userId: 'User id',
  pasteToken: 'Paste the bearer token from the identity provider',
  devUnavailable: 'Development tokens are off here: sign in with a token.',
  inbox: 'To do',
  done: 'Done',
  search: 'Search',
  dashboard: 'Dashboard',
  supervision: 'Supervision',
  notifications: 'Notifications',
  unread: 'unread',
  markRead: 'Mark read',
  markAllRead: 'Mark all read',
  language: '中文',
  application: 'Application',
  kind: 'Step',
  level: 'Alert',
  dueDate: 'Due',
  daysLeft: 'Left',
  days: 'days',
  workingDays: 'working days',
  overdue: 'Overdue',
  open: 'Open',
  prev: 'Previous',
  next: 'Next',
  all: 'All',
  outcome: 'Outcome',
  completedAt: 'Completed',
  applicant: 'Applicant',
  project: 'Project',
  materials: 'Materials',
  openFile: 'Open file',
  timeline: 'Timeline',
  audit: 'Audit',
  clock: 'Statutory clock',
  diagram: 'Workflow',
  countersign: 'Countersign',
  actions: 'Actions',
  complete: 'Complete this step',
  comment: 'Comment',
  corrections: 'Materials to correct',
  requestCorrection: 'Request corrections',
  delegate: 'Delegate',
  toUserId: 'Delegate to (user id)',
  suspend: 'Suspend clock',
  resume: 'Resume clock',
  reason: 'Reason',
  expectedDays: 'Expected days',
  extend: 'Extend',
  extendDays: 'Working days to add',
  submit: 'Submit',
  signed: 'Signed',
  pending: 'Pending',
  addSigners: 'Add sections',
  removeSigners: 'Remove sections',
  change: 'Change',
  statutoryDeadline: 'Statutory deadline',
  committedDeadline: 'Committed deadline',
  elapsed: 'Elapsed',
  today: 'Today',
  pause: 'Pause',
  extension: 'Extension',
  noTasks: 'Nothing to do',
  query: 'Project name or code, applicant name or credit code',
  status: 'Status',
  licenseType: 'Licence',
  createdAt: 'Filed',
  openCases: 'Open cases by level',
  paused: 'Paused cases',
  closedByLicense: 'Closed cases per licence',
  avgDaysSaved: 'Average days saved',
  withinShare: 'Within committed limit',
  report: 'Business-environment figures',
  from: 'From',
  to: 'To',
  csv: 'Download CSV',
  entities: 'Entities',
  positiveList: 'Positive list',
  plans: 'Double-random plans',
  checks: 'Checks',
  alarms: 'Monitoring alarms',
  drawPlan: 'Draw a plan',
  seed: 'Seed',
  inputsHash: 'Inputs hash',
  verify: 'Verify',
  refused: 'Refused',
  saved: 'Done',
  loading: 'Loading',
  you: 'Signed in as',
  permits: 'Permits',
  currentStep: 'Current step',
  menu: 'Menu',
  noActions: 'Nothing to do on this case now',
  system: 'System',
  monitoringSystem: 'Online monitoring',
  otherAction: 'Other action',
  start: 'Start',
  noDueDate: 'This step has no due date',
  noClockYet: 'The statutory clock starts on acceptance',
  noClockRefused: 'Not accepted: no statutory clock',
  noClockWithdrawn: 'Withdrawn: no statutory clock',
  noClock: 'No statutory clock for this case',
  daysUsed: 'Days used',
  daysSaved: 'Saved against the statutory limit',
  daysLate: 'Beyond the statutory limit',
  remaining: 'Remaining',
  calendarDays: 'calendar days',
  errorDetail: 'Details',
  errorGeneric: 'The action could not be completed',
  creditCode: 'Credit code',
  caseId: 'Case number',
  fileCode: 'Material number',
  receivedAt: 'Received',
  signedBy: 'Signed by',
  riskClass: 'Risk class',
  onlineMonitoring: 'Online monitoring',
  lastInspectedOn: 'Last inspected',
  period: 'Period',
  ratioKey: 'Share of key entities',
  ratioGeneral: 'Share of general entities',
  ratioPositive: 'Share of the positive list',
  inspectorsPerCheck: 'Inspectors per check',
  inspectors: 'Inspectors',
  offSite: 'Off-site check',
  drawnAt: 'Drawn',
  algorithm: 'Algorithm',
  yes: 'Yes',
  no: 'No',
  reportPeriod: 'Period',
  serviceItems: 'Service items',
  subItems: 'Sub-items',
  fullyOnlineSubItems: 'Sub-items fully online',
  fullyOnlineShare: 'Fully online',
  singleWindowAcceptanceRate: 'Received at the single window',
  received: 'Received',
  throughTheWindow: 'Through the single window',
  acceptedShareOfAcceptanceDecisions: 'Accepted',
  accepted: 'Accepted',
  notAccepted: 'Not accepted',
  averageCompression: 'Average compression of the committed limit',
  compressionSubItems: 'Sub-items with a shorter committed limit',
  decided: 'Decided',
  approved: 'Approved',
  denied: 'Denied',
  averageDaysUsed: 'Average days used',
  averageDaysSaved: 'Average days saved',
  averageShareOfCommittedLimitUsed: 'Share of the committed limit used',
  furtherUnderCommitted: 'Further under the committed limit',
  supervisionFigures: 'Supervision',
  plansCount: 'Inspection plans',
  checksCount: 'Checks',
  violations: 'Violations found',
  byChannel: 'Channels',
  count: '',
  items: '',
  people: '',
};
export const messages: Record<Lang, Record<Msg, string>> = { 'zh-CN': zh, en };

/**
 * The console's own words for values the labels (GET /api/v1/labels) do not cover: the case history's actions,
 * actors the system names, channels, supervision's values, errors by status. The labels win where they have a
 * value, so a category the API starts to label shows the API's words.
 */
const WORDS: Record<string, Record<string, [zh: string, en: string]>> = {
  historyAction: {
    submitted: ['提交申请', 'Application submitted'],
    filed: ['提交备案', 'Filed'],
    started: ['开始办理', 'Case started'],
    task_opened: ['生成待办', 'Task opened'],
    task_completed: ['办结环节', 'Step completed'],
    task_delegated: ['委派', 'Delegated'],
    task_delegation_resolved: ['委派办结', 'Delegation answered'],
    task_transferred: ['转办', 'Transferred'],
    task_claimed: ['认领', 'Claimed'],
    task_unclaimed: ['退回认领', 'Released'],
    returned: ['退回上一环节', 'Returned to the previous step'],
    countersign_signers_changed: ['调整会签部门', 'Countersign sections changed'],
    wait_started: ['进入等待期', 'Waiting period started'],
    case_suspended: ['中止办理', 'Case suspended'],
    case_resumed: ['恢复办理', 'Case resumed'],
    clock_suspended: ['暂停计时', 'Clock suspended'],
    clock_resumed: ['恢复计时', 'Clock resumed'],
    extended: ['延长审批期限', 'Time limit extended'],
    clock_extended: ['延长审批期限', 'Time limit extended'],
    withdrawn: ['撤回申请', 'Withdrawn'],
    supplemented: ['提交补正材料', 'Supplement submitted'],
    supplement_received: ['收到补正材料', 'Supplement received'],
    accepted: ['予以受理', 'Accepted'],
    deemed_accepted: ['视为受理', 'Deemed accepted'],
    not_accepted: ['不予受理', 'Not accepted'],
    approved: ['准予许可', 'Approved'],
    denied: ['不予许可', 'Denied'],
    issued: ['发证', 'Issued'],
    migrated: ['迁移至新版流程', 'Moved to a new workflow version'],
    recused: ['申请回避', 'Recused'],
    recusal: ['申请回避', 'Recused'],
    on_site_check: ['现场核查', 'On-site check'],
    classified: ['调整分类', 'Classified'],
    risk_class_set: ['调整风险等级', 'Risk class set'],
    monitoring_alarm: ['在线监测报警', 'Monitoring alarm'],
    penalty_decided: ['作出处罚决定', 'Penalty decided'],
    penalty_dismissed: ['不予处罚', 'No penalty'],
    expiring: ['即将到期', 'Expiring'],
    expired: ['已过期', 'Expired'],
    deemed_renewed: ['视为延续', 'Deemed renewed'],
  },
  channel: {
    portal: ['网上申报', 'Online'],
    counter: ['窗口代办', 'At the counter'],
    'national-eia': ['全国环评申报平台', 'National EIA platform'],
    national: ['全国环评申报平台', 'National EIA platform'],
  },
  riskClass: {
    key: ['重点监管', 'Key'],
    general: ['一般监管', 'General'],
  },
  checkStatus: {
    open: ['待检查', 'Open'],
    compliant: ['未发现问题', 'Compliant'],
    violation: ['发现违法行为', 'Violation found'],
  },
  errorStatus: {
    400: ['请求参数有误', 'The request is invalid'],
    401: ['未登录或登录已过期', 'Not signed in, or the sign-in expired'],
    403: ['无权进行此操作', 'Not allowed'],
    404: ['未找到', 'Not found'],
    409: ['当前状态下不能进行此操作', 'Not possible in the current state'],
    413: ['请求内容过大', 'Request body too large'],
    422: ['请求无法处理', 'The request cannot be processed'],
    429: ['请求过于频繁，请稍后再试', 'Too many requests: try again later'],
    500: ['系统内部错误', 'Internal error'],
    502: ['服务暂时不可用，请稍后再试', 'Service unavailable: try again later'],
    503: ['服务暂时不可用，请稍后再试', 'Service unavailable: try again later'],
  },
};

export interface I18n {
  lang: Lang;
  t: (m: Msg) => string;
  /** The label of an enum value: the API's (GET /api/v1/labels), else the console's own word, else the value. */
  l: (category: string, value: string | null | undefined) => string;
  /** Whether the labels or the console's words know this value. */
  has: (category: string, value: string | null | undefined) => boolean;
  /** A date (YYYY-MM-DD or an instant) in the reader's form. */
  date: (value: string | null | undefined) => string;
  /** An instant, date and time, in the reader's form (Asia/Shanghai). */
  dateTime: (value: string | null | undefined) => string;
  /** A share (0.84) as a percentage (84%). */
  percent: (share: number | null | undefined) => string;
  /** A count of days with its unit (working or calendar). */
  days: (n: number | null | undefined, unit?: string | null) => string;
  /** A number in the reader's form. */
  num: (n: number | null | undefined) => string;
  /** One line of a case's history or audit ("review:approve", "task_opened:review", "started:…"), in words. */
  action: (code: string) => string;
  labels: Labels;
}

const DASH = '—';

export const I18nContext = createContext<I18n>(makeI18n('zh-CN', {}));
export const useI18n = () => useContext(I18nContext);

export function makeI18n(lang: Lang, labels: Labels): I18n {
  const i = lang === 'en' ? 1 : 0;
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const word = (c: string, v: string) => labels[c]?.[v] ?? WORDS[c]?.[v]?.[i];
  const has = (c: string, v: string | null | undefined) => !!v && word(c, v) !== undefined;
  const l = (c: string, v: string | null | undefined) => (v ? (word(c, v) ?? v) : '');
  const t = (m: Msg) => messages[lang][m];
  const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'Asia/Shanghai' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
  const numFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pctFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const date = (v: string | null | undefined) => {
    if (!v) return DASH;
    // a calendar date (a deadline) is a day in Shanghai: read it there, not as UTC midnight
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T12:00:00+08:00` : v);
    return Number.isNaN(d.getTime()) ? DASH : dateFmt.format(d);
  };
  const dateTime = (v: string | null | undefined) => {
    const d = v ? new Date(v) : null;
    return d && !Number.isNaN(d.getTime()) ? dateTimeFmt.format(d) : DASH;
  };
  const percent = (x: number | null | undefined) => (x === null || x === undefined ? DASH : pctFmt.format(x));
  const num = (x: number | null | undefined) => (x === null || x === undefined ? DASH : numFmt.format(x));
  const days = (x: number | null | undefined, unit?: string | null) => {
    if (x === null || x === undefined) return DASH;
    const u = unit ? (has('limitUnit', unit) ? l('limitUnit', unit) : t('days')) : t('days');
    return lang === 'en' ? `${num(x)} ${x === 1 ? u.replace(/s$/, '') : u}` : `${num(x)} ${u}`;
  };
  const action = (code: string) => {
    if (has('historyAction', code)) return l('historyAction', code);
    if (has('status', code)) return l('status', code);
    if (has('step', code)) return l('step', code);
    const [x, y] = code.split(':');
    if (y !== undefined) {
      // "review:approve", "countersign:reject": the step and its outcome
      if (has('taskKind', x) && has('outcome', y)) return `${l('taskKind', x)} · ${l('outcome', y)}`;
      // "task_opened:review", "started:discharge-permit"
      if (has('historyAction', x)) return has('taskKind', y) ? `${l('historyAction', x)} · ${l('taskKind', y)}` : l('historyAction', x);
    }
    // "inspected_compliant", "permit_issued": the words of their last part
    const tail = /^[a-z]+_(.+)$/.exec(code)?.[1];
    if (tail && (has('historyAction', tail) || has('step', tail))) return has('historyAction', tail) ? l('historyAction', tail) : l('step', tail);
    return t('otherAction');
  };
  return { lang, labels, t, l, has, date, dateTime, percent, days, num, action };
}
