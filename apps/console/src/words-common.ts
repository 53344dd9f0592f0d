// What both sides' dictionaries share (the staff's i18n.tsx, the enterprise's enterprise/words.ts): the language, the
// words of a case's history and of a refusal's status, and how dates and numbers are written (Asia/Shanghai).
export type Lang = 'zh-CN' | 'en';
/** A category's values in words: [Chinese, English]. */
export type Dictionary = Record<string, Record<string, [zh: string, en: string]>>;

export const DASH = '—';

/** A case history's actions ("approved", "clock_suspended", …) where the labels do not cover them. */
export const HISTORY_ACTIONS: Dictionary[string] = {
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
};

/** What a refusal's status means, for a code without a label of its own. */
export const ERROR_STATUS: Dictionary[string] = {
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
};

/** Dates, instants and numbers in the reader's form; a dash for nothing. */
export function formats(lang: Lang) {
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'Asia/Shanghai' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
  const numFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    locale,
    /** A date (YYYY-MM-DD, a day in Shanghai, not UTC midnight) or an instant's day. */
    date: (v: string | null | undefined) => {
      if (!v) return DASH;
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T12:00:00+08:00` : v);
      return Number.isNaN(d.getTime()) ? DASH : dateFmt.format(d);
    },
    /** An instant, date and time. */
    dateTime: (v: string | null | undefined) => {
      const d = v ? new Date(v) : null;
      return d && !Number.isNaN(d.getTime()) ? dateTimeFmt.format(d) : DASH;
    },
    num: (n: number | null | undefined) => (n === null || n === undefined ? DASH : numFmt.format(n)),
  };
}
