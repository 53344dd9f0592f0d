// Labels for every enum value the API returns (API.md "Labels, workflows, operations"), in Chinese and
// English. labels.spec.ts checks that every value of every enum in libs/contracts, every step id and task
// kind of every default definition and every error code of libs/http has both: a new value without a
// label fails the build.

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Bilingual = Record<string, [zh: string, en: string]>;

/** Which label category each enum of libs/contracts/src/enums.ts is answered under. */
export const ENUM_CATEGORIES: Record<string, string> = {
  ROLES: 'role',
  DEPARTMENTS: 'dept',
  LICENSE_TYPES: 'licenseType',
  SUB_ITEM_KINDS: 'subItemKind',
  REGISTRATION_ACTIONS: 'registrationAction',
  LIMIT_UNITS: 'limitUnit',
  APPLICATION_STATUSES: 'status',
  TASK_KINDS: 'taskKind',
  ACCEPTANCE_OUTCOMES: 'outcome',
  REVIEW_OUTCOMES: 'outcome',
  PAUSE_REASONS: 'pauseReason',
  CLOCK_STATES: 'clock',
  SLA_LEVELS: 'slaLevel',
  NOTIFICATION_KINDS: 'notificationKind',
  EIA_CATEGORIES: 'eiaCategory',
  MANAGEMENT_CATEGORIES: 'managementCategory',
};

const CATALOG: Record<string, Bilingual> = {
  status: {
    submitted: ['已提交', 'Submitted'],
    correction_requested: ['待补正', 'Correction requested'],
    not_accepted: ['不予受理', 'Not accepted'],
    accepted: ['已受理', 'Accepted'],
    in_review: ['审查中', 'In review'],
    approved: ['已批准', 'Approved'],
    denied: ['不予许可', 'Denied'],
    withdrawn: ['已撤回', 'Withdrawn'],
  },
  dept: {
    window: ['受理窗口', 'Acceptance window'],
    approval: ['行政审批科', 'Administrative approval section'],
    eia: ['环评管理科', 'EIA management section'],
    pollution: ['污染防治科', 'Pollution control section'],
    monitoring: ['监测站', 'Monitoring station'],
    enforcement: ['执法支队', 'Law-enforcement detachment'],
    legal: ['法规科', 'Legal affairs section'],
    radiation: ['辐射安全科', 'Radiation safety section'],
    solid_waste: ['固体废物科', 'Solid waste section'],
  },
  role: {
    applicant: ['申请人', 'Applicant'],
    officer: ['经办人', 'Officer'],
    head: ['负责人', 'Head'],
    admin: ['管理员', 'Administrator'],
    auditor: ['审计员', 'Auditor'],
  },
  licenseType: {
    eia_approval: ['建设项目环境影响评价审批', 'EIA approval'],
    discharge_permit: ['排污许可', 'Pollutant discharge permit'],
    hazardous_waste: ['危险废物经营许可', 'Hazardous waste operation licence'],
    radiation_safety: ['辐射安全许可', 'Radiation safety licence'],
    weee_processing: ['废弃电器电子产品处理资格', 'WEEE processing qualification'],
    facility_dismantle: ['污染防治设施拆除或闲置审批', 'Approval to dismantle or idle pollution-control facilities'],
    other: ['其他', 'Other'],
  },
  subItemKind: {
    new: ['新申请', 'New'],
    change: ['变更', 'Change'],
    renewal: ['延续', 'Renewal'],
    cancellation: ['注销', 'Cancellation'],
    filing: ['备案', 'Filing'],
  },
  registrationAction: {
    first: ['首次登记', 'First registration'],
    change: ['变更登记', 'Change of registration'],
    cancellation: ['注销登记', 'Cancellation of registration'],
  },
  limitUnit: {
    working: ['工作日', 'working days'],
    calendar: ['自然日', 'calendar days'],
  },
  taskKind: {
    acceptance: ['受理', 'Acceptance'],
    review: ['审查', 'Review'],
    technical_assessment: ['技术评估', 'Technical assessment'],
    countersign: ['会签', 'Countersign'],
    decision: ['审批决定', 'Decision'],
    inspection: ['现场检查', 'Inspection'],
    legal_review: ['法制审核', 'Legal review'],
    penalty_decision: ['处罚决定', 'Penalty decision'],
    alarm_verification: ['报警核查', 'Alarm verification'],
  },
  step: {
    acceptance: ['受理', 'Acceptance'],
    'await-supplement': ['等待补正', 'Awaiting supplement'],
    accepted: ['已受理', 'Accepted'],
    'not-accepted': ['不予受理', 'Not accepted'],
    review: ['审查', 'Review'],
    category: ['环评类别判定', 'EIA category'],
    'management-category': ['管理类别判定', 'Management category'],
    'technical-assessment': ['技术评估', 'Technical assessment'],
    'acceptance-notice': ['受理公示', 'Acceptance notice'],
    countersign: ['会签', 'Countersign'],
    'intended-approval-notice': ['拟批准公示', 'Notice of intended approval'],
    decision: ['审批决定', 'Decision'],
    'issue-certificate': ['制发证书', 'Certificate issued'],
    'issue-permit': ['核发排污许可证', 'Permit issued'],
    'issue-registration': ['排污登记', 'Registration issued'],
    approved: ['已批准', 'Approved'],
    denied: ['不予许可', 'Denied'],
    inspection: ['现场检查', 'Inspection'],
    compliant: ['未发现问题', 'Compliant'],
    violation: ['发现违法行为', 'Violation found'],
    legal_review: ['法制审核', 'Legal review'],
    collective_review: ['集体讨论', 'Collective review'],
    penalised: ['已处罚', 'Penalised'],
    no_penalty: ['不予处罚', 'No penalty'],
    verification: ['报警核查', 'Alarm verification'],
    confirmed: ['报警属实', 'Alarm confirmed'],
    dismissed: ['报警不属实', 'Alarm dismissed'],
  },
  outcome: {
    accept: ['受理', 'Accept'],
    request_correction: ['要求补正', 'Request correction'],
    not_accept: ['不予受理', 'Do not accept'],
    approve: ['同意', 'Approve'],
    reject: ['不同意', 'Reject'],
    return: ['退回', 'Return'],
  },
  pauseReason: {
    expert_review: ['专家评审', 'Expert review'],
    technical_assessment: ['技术评估', 'Technical assessment'],
    hearing: ['听证', 'Hearing'],
    inspection_testing: ['检验检测', 'Inspection and testing'],
    public_notice: ['公示', 'Public notice'],
  },
  clock: {
    not_started: ['未开始', 'Not started'],
    running: ['计时中', 'Running'],
    paused: ['已暂停', 'Paused'],
    stopped: ['已停止', 'Stopped'],
  },
  slaLevel: {
    green: ['正常', 'On time'],
    yellow: ['预警', 'Due soon'],
    red: ['超期', 'Overdue'],
  },
  notificationKind: {
    task_assigned: ['新待办', 'Task assigned'],
    sla_yellow: ['时限预警', 'Deadline approaching'],
    sla_red: ['时限超期', 'Deadline missed'],
    correction_requested: ['补正通知', 'Correction requested'],
    clock_suspended: ['计时暂停', 'Clock suspended'],
    clock_extended: ['审批期限延长', 'Time limit extended'],
    decision: ['审批决定', 'Decision'],
    permit_expiring: ['许可证即将到期', 'Permit expiring'],
    inspection_assigned: ['检查任务', 'Inspection assigned'],
    monitoring_alarm: ['在线监测报警', 'Monitoring alarm'],
  },
  eiaCategory: {
    report_book: ['环境影响报告书', 'Environmental impact report'],
    report_table: ['环境影响报告表', 'Environmental impact report form'],
    registration: ['环境影响登记表', 'Environmental impact registration form'],
    exempt: ['豁免', 'Exempt'],
  },
  managementCategory: {
    key: ['重点管理', 'Key management'],
    simplified: ['简化管理', 'Simplified management'],
    registration: ['登记管理', 'Registration management'],
  },
  permitStatus: {
    valid: ['有效', 'Valid'],
    expiring: ['即将到期', 'Expiring'],
    expired: ['已过期', 'Expired'],
    revoked: ['已撤销', 'Revoked'],
    cancelled: ['已注销', 'Cancelled'],
  },
  taskStatus: {
    open: ['待办', 'Open'],
    completed: ['已办', 'Completed'],
    cancelled: ['已取消', 'Cancelled'],
  },
  errorCode: {
    VALIDATION_FAILED: ['请求参数有误', 'The request is invalid'],
    UNAUTHORIZED: ['未登录或登录已过期', 'Not signed in, or the sign-in expired'],
    FORBIDDEN: ['无权进行此操作', 'Not allowed'],
    NOT_FOUND: ['未找到', 'Not found'],
    TASK_NOT_FOUND: ['未找到该待办', 'Task not found'],
    NOT_YOUR_TASK: ['该待办不属于您或您的科室', 'This task is not yours or your department’s'],
    INVALID_TRANSITION: ['当前状态下不能进行此操作', 'Not possible in the current state'],
    CLOCK_TRANSITION: ['当前计时状态下不能进行此操作', 'Not possible in the current clock state'],
    STALE_VERSION: ['数据已被他人修改，请刷新后重试', 'Changed by someone else: reload and try again'],
    CONFLICT: ['与当前数据冲突', 'Conflicts with the current data'],
    IDEMPOTENCY_MISMATCH: ['同一幂等键对应了不同的请求', 'The same Idempotency-Key was used with another request'],
    IDEMPOTENCY_CONFLICT: ['同一幂等键对应了不同的请求', 'The same Idempotency-Key was used with another request'],
    INVALID_INPUT: ['输入有误', 'Invalid input'],
    INVALID_DEFINITION: ['流程定义有误', 'Invalid workflow definition'],
    INVALID_COMMAND: ['操作有误', 'Invalid command'],
    INDUSTRY_NOT_COVERED: ['环评分类名录未涵盖该行业', 'The EIA classification directory does not cover this industry'],
    NO_DIRECTORY_IN_FORCE: ['该日期无适用的环评分类名录', 'No EIA classification directory was in force on that date'],
    PAYLOAD_TOO_LARGE: ['请求内容过大', 'Request body too large'],
    UNSUPPORTED_MEDIA_TYPE: ['不支持的文件类型', 'Unsupported file type'],
    RATE_LIMITED: ['请求过于频繁，请稍后再试', 'Too many requests: try again later'],
    INTERNAL_ERROR: ['系统内部错误', 'Internal error'],
    SERVICE_UNAVAILABLE: ['服务暂时不可用，请稍后再试', 'Service unavailable: try again later'],
    BAD_GATEWAY: ['服务暂时不可用，请稍后再试', 'Service unavailable: try again later'],
  },
};

export type Labels = Record<string, Record<string, string>>;

/** Every category's labels in one language: `{ status: { approved: '已批准', … }, dept: { … }, … }`. */
export function labels(lang: Language): Labels {
  const i = lang === 'en' ? 1 : 0;
  return Object.fromEntries(Object.entries(CATALOG).map(([cat, values]) => [cat, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[i]]))]));
}
