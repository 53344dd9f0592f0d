// The enterprise side's own words, in Chinese and English. Enum values (statuses, licence types, notification
// kinds, sanctions, error codes…) come from GET /api/v1/labels first; WORDS only covers what the labels do not.
import { createContext, useContext } from 'react';
import type { Labels } from './client';

import { DASH, ERROR_STATUS, formats, HISTORY_ACTIONS } from '../words-common';
import type { Dictionary, Lang } from '../words-common';

export type { Lang };

const zh = {
  appTitle: '企业办事 · 环评与排污许可',
  myApplications: '我的申请',
  newApplication: '新办申请',
  notifications: '消息',
  permits: '许可证',
  penalties: '行政处罚',
  language: 'English',
  signOut: '退出',
  menu: '企业端导航',
  loading: '加载中',
  empty: '暂无记录',
  status: '状态',
  licenseType: '许可类型',
  createdAt: '申请时间',
  project: '项目',
  open: '查看',
  more: '加载更多',
  clock: '办理时限',
  used: '已用',
  left: '剩余',
  noClockYet: '受理后开始计算办理时限',
  noClock: '不计算办理时限',
  clockPaused: '计时已暂停',
  clockStopped: '已办结',
  daysSaved: '比法定时限节约',
  daysLate: '超出法定时限',
  committedDeadline: '承诺办结日期',
  statutoryDeadline: '法定办结日期',
  item: '办理事项',
  subItem: '办理项',
  pickItem: '请选择事项',
  statutoryLimit: '法定时限',
  committedLimit: '承诺时限',
  projectName: '项目名称',
  projectCode: '项目代码（选填）',
  location: '建设地点（选填）',
  investment: '总投资（万元，选填）',
  materials: '申请材料',
  required: '必交',
  optional: '选交',
  legalBasis: '依据',
  chooseFile: '选择文件',
  uploaded: '已上传',
  uploading: '上传中',
  fileTypes: 'PDF、OFD 或图片（PNG、JPEG、GIF、TIFF、WebP），单个文件不超过 50 MiB',
  submit: '提交申请',
  missingMaterials: '还有必交材料未上传',
  submitted: '申请已提交',
  history: '办理过程',
  reasons: '理由',
  correctionsAsked: '需要补正的材料',
  correctionTitle: '补正材料',
  correctionHint: '请只补正以下列出的材料，全部上传后提交。',
  submitSupplement: '提交补正材料',
  supplementSent: '补正材料已提交',
  withdraw: '撤回申请',
  withdrawReason: '撤回理由（选填）',
  withdrawConfirm: '确认撤回',
  withdrawn: '申请已撤回',
  cancel: '取消',
  rating: '服务评价（好差评）',
  ratingHint: '办结后可对本次服务评价一次。',
  score: '评分',
  comment: '意见（选填）',
  rate: '提交评价',
  rated: '感谢您的评价',
  permitNo: '许可证编号',
  validity: '有效期',
  managementCategory: '管理类别',
  certificate: '下载电子证照',
  verifyLink: '公开核验地址',
  deemedRenewal: '视为准予延续',
  penaltyNotice: '行政处罚告知',
  facts: '违法事实',
  legalBasisPenalty: '法律依据',
  sanction: '拟处罚',
  amountYuan: '罚款金额',
  yuan: '元',
  statementDue: '陈述申辩截止日',
  hearingDue: '听证申请截止日',
  statements: '陈述申辩',
  statementText: '陈述和申辩意见',
  fileStatement: '提交陈述申辩',
  statementSent: '陈述申辩已提交',
  requestHearing: '申请听证',
  hearingRequested: '已申请听证',
  hearingSent: '听证申请已提交',
  decisionNo: '处罚决定书文号',
  decidedOn: '决定日期',
  notToldYet: '尚未告知处罚内容',
  markRead: '标为已读',
  unread: '条未读',
  markAllRead: '全部已读',
  caseNo: '办件编号',
  refused: '操作未通过',
  detail: '详情',
  back: '返回',
  materialsFiled: '已提交材料',
  mySide: '企业',
  filingNo: '备案编号',
  openCase: '查看办件',
  openPenalty: '查看处罚',
  openPermits: '查看许可证',
};
export type Word = keyof typeof zh;

const en: Record<Word, string> = {
  appTitle: 'Enterprise services · EIA and discharge permits',
  myApplications: 'My applications',
  newApplication: 'New application',
  notifications: 'Notifications',
  permits: 'Permits',
  penalties: 'Penalties',
  language: '中文',
  signOut: 'Sign out',
  menu: 'Enterprise menu',
  loading: 'Loading',
  empty: 'Nothing here yet',
  status: 'Status',
  licenseType: 'Licence',
  createdAt: 'Filed',
  project: 'Project',
  open: 'Open',
  more: 'Load more',
  clock: 'Time limit',
  used: 'Used',
  left: 'Left',
  noClockYet: 'The time limit starts on acceptance',
  noClock: 'No time limit',
  clockPaused: 'Clock paused',
  clockStopped: 'Decided',
  daysSaved: 'Saved against the statutory limit',
  daysLate: 'Beyond the statutory limit',
  committedDeadline: 'Committed date',
  statutoryDeadline: 'Statutory date',
  item: 'Service',
  subItem: 'Application type',
  pickItem: 'Choose a service',
  statutoryLimit: 'Statutory limit',
  committedLimit: 'Committed limit',
  projectName: 'Project name',
  projectCode: 'Project code (optional)',
  location: 'Location (optional)',
  investment: 'Investment (10k CNY, optional)',
  materials: 'Materials',
  required: 'required',
  optional: 'optional',
  legalBasis: 'Basis',
  chooseFile: 'Choose file',
  uploaded: 'Uploaded',
  uploading: 'Uploading',
  fileTypes: 'PDF, OFD or an image (PNG, JPEG, GIF, TIFF, WebP), up to 50 MiB each',
  submit: 'Submit the application',
  missingMaterials: 'Some required materials are not uploaded yet',
  submitted: 'Application submitted',
  history: 'History',
  reasons: 'Reasons',
  correctionsAsked: 'Materials to correct',
  correctionTitle: 'Corrections',
  correctionHint: 'Correct only the materials listed below, then submit them together.',
  submitSupplement: 'Submit the corrections',
  supplementSent: 'Corrections submitted',
  withdraw: 'Withdraw',
  withdrawReason: 'Reason (optional)',
  withdrawConfirm: 'Confirm withdrawal',
  withdrawn: 'Application withdrawn',
  cancel: 'Cancel',
  rating: 'Rate the service',
  ratingHint: 'After the decision you may rate the service once.',
  score: 'Score',
  comment: 'Comment (optional)',
  rate: 'Send the rating',
  rated: 'Thank you for your rating',
  permitNo: 'Permit number',
  validity: 'Valid',
  managementCategory: 'Management category',
  certificate: 'Download the certificate',
  verifyLink: 'Public verification address',
  deemedRenewal: 'Deemed renewed',
  penaltyNotice: 'Notice of an intended penalty',
  facts: 'Facts',
  legalBasisPenalty: 'Legal basis',
  sanction: 'Intended sanction',
  amountYuan: 'Fine',
  yuan: 'yuan',
  statementDue: 'Statements until',
  hearingDue: 'Hearing requests until',
  statements: 'Statements',
  statementText: 'Your statement and defence',
  fileStatement: 'File the statement',
  statementSent: 'Statement filed',
  requestHearing: 'Request a hearing',
  hearingRequested: 'Hearing requested',
  hearingSent: 'Hearing requested',
  decisionNo: 'Decision number',
  decidedOn: 'Decided on',
  notToldYet: 'The intended penalty has not been notified yet',
  markRead: 'Mark read',
  unread: 'unread',
  markAllRead: 'Mark all read',
  caseNo: 'Case number',
  refused: 'Refused',
  detail: 'Details',
  back: 'Back',
  materialsFiled: 'Materials filed',
  mySide: 'Enterprise',
  filingNo: 'Filing number',
  openCase: 'Open the case',
  openPenalty: 'Open the penalty',
  openPermits: 'Open the permits',
};

/** Values the labels do not cover: the applicant's history, and the refusals a person meets here in plainer words. */
const WORDS: Dictionary = {
  // the staff's words, but the applicant's view of a few steps
  historyAction: {
    ...HISTORY_ACTIONS,
    task_opened: ['进入环节', 'Step opened'],
    supplemented: ['提交补正材料', 'Corrections submitted'],
    supplement_received: ['收到补正材料', 'Corrections received'],
    issued: ['发证', 'Permit issued'],
    wait_started: ['进入公示或等待期', 'Waiting period started'],
    clock_suspended: ['暂停计时', 'Clock paused'],
    countersign: ['会签', 'Countersign'],
  },
  actor: {
    system: ['系统', 'System'],
  },
  uploadError: {
    UNSUPPORTED_MEDIA_TYPE: [
      '文件类型不支持：请上传 PDF、OFD 或图片（PNG、JPEG、GIF、TIFF、WebP），以文件内容为准',
      'File type not accepted: upload a PDF, OFD or image (PNG, JPEG, GIF, TIFF, WebP); the content decides',
    ],
    PAYLOAD_TOO_LARGE: ['文件过大：单个文件不超过 50 MiB', 'File too large: at most 50 MiB per file'],
    QUOTA_EXCEEDED: ['本单位的上传存储限额已用完，请联系受理窗口', "Your enterprise's upload quota is used up: contact the service window"],
    NETWORK: ['网络中断，文件未上传，请重试', 'The connection failed: the file was not uploaded; try again'],
    ABORTED: ['已取消上传', 'Upload cancelled'],
  },
  errorStatus: ERROR_STATUS,
};

export interface Words {
  lang: Lang;
  w: (k: Word) => string;
  /** An enum value's label: the API's, else ours, else the value. */
  l: (category: string, value: string | null | undefined) => string;
  date: (v: string | null | undefined) => string;
  dateTime: (v: string | null | undefined) => string;
  days: (n: number | null | undefined, unit?: string | null) => string;
  money: (n: number | null | undefined) => string;
  /** A history line's action ("acceptance:request_correction", "task_opened:review", "approved") in words. */
  action: (code: string) => string;
  /** A refusal in words: an upload's by our sentence, else the code's label, else the status's meaning. */
  refusal: (status: number, code: string) => string;
}

export function makeWords(lang: Lang, labels: Labels): Words {
  const i = lang === 'en' ? 1 : 0;
  const word = (c: string, v: string) => labels[c]?.[v] ?? WORDS[c]?.[v]?.[i];
  const has = (c: string, v: string) => word(c, v) !== undefined;
  const l = (c: string, v: string | null | undefined) => (v ? (word(c, v) ?? v) : DASH);
  const w = (k: Word) => (lang === 'en' ? en : zh)[k];
  const { date, dateTime, num } = formats(lang);
  const days = (n: number | null | undefined, unit?: string | null) => {
    if (n === null || n === undefined) return DASH;
    const u = unit === 'calendar' ? (lang === 'en' ? 'calendar days' : '个自然日') : lang === 'en' ? 'working days' : '个工作日';
    return lang === 'en' ? `${num(n)} ${n === 1 ? u.replace(/s$/, '') : u}` : `${num(n)} ${u}`;
  };
  const money = (n: number | null | undefined) => (n === null || n === undefined ? DASH : `${num(n)} ${w('yuan')}`);
  const action = (code: string) => {
    if (has('historyAction', code)) return l('historyAction', code);
    const [x, y] = code.split(':');
    if (y !== undefined) {
      if (x === 'task_opened') return has('taskKind', y) ? `${l('historyAction', x)} · ${l('taskKind', y)}` : l('historyAction', x);
      if (x === 'started') return l('historyAction', x);
      // "acceptance:request_correction", "decision:approve", "countersign:approve": the step and its outcome
      const step = has('taskKind', x) ? l('taskKind', x) : has('historyAction', x) ? l('historyAction', x) : null;
      if (step && has('outcome', y)) return l('outcome', y) === step ? step : `${step} · ${l('outcome', y)}`;
      if (step) return step;
    }
    return has('status', code) ? l('status', code) : lang === 'en' ? 'Other step' : '其他办理步骤';
  };
  const refusal = (status: number, code: string) =>
    WORDS.uploadError[code]?.[i] ?? labels.errorCode?.[code] ?? WORDS.errorStatus[String(status)]?.[i] ?? (lang === 'en' ? 'Refused' : '操作未通过');
  return { lang, w, l, date, dateTime, days, money, action, refusal };
}

export const WordsContext = createContext<Words>(makeWords('zh-CN', {}));
export const useWords = () => useContext(WordsContext);
