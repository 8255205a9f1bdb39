/**
 * What the audit viewer shows instead of codes (issue 14): the Chinese name of each action and of
 * each kind of record, and the names of the records themselves.
 *
 * - An action is named by this catalogue (audit event types that are not permissions: logins,
 *   results of an action, the platform's refusal rows) or else by the permission of the same code
 *   (`orgs.create` → 新建组织, from the manifests). `audit.names.test.ts` fails when an action
 *   written anywhere in the server has no name.
 * - A record is named by its module (`auditObjects` in the manifest: 账号 张三（zhangsan）); kinds
 *   no module names are labelled from `OBJECT_LABELS`, with their number.
 */
import type { Db } from '../../platform/db.ts';
import type { ModuleRegistry } from '../../platform/registry.ts';

export const ACTION_NAMES: Readonly<Record<string, string>> = {
  // the platform's rows for refused or failed requests (the route's access)
  public: '访问公开接口',
  session: '登录流程操作',
  authenticated: '登录用户操作',
  unknown: '未知操作',
  // sign-in
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.lockout': '账号锁定',
  'auth.totp_setup': '获取双因素密钥',
  'auth.totp_enable': '启用双因素认证',
  'auth.totp_verify': '双因素验证',
  'auth.password_change': '修改密码',
  'accounts.auto_disable': '自动停用长期未登录账号',
  // members
  'members.add_post': '任命职务',
  'members.end_post': '免去职务',
  'members.change_status': '变更党员状态',
  'members.exact_lookup': '按身份证号精确查询',
  'members.export_request': '申请导出完整个人信息',
  'members.export_download': '下载完整个人信息导出',
  'members.export_expire': '导出申请过期',
  'members.party_birthday_notices': '发送政治生日提醒',
  'members.transfer_out': '转出组织关系',
  'members.transfer_accept': '接收组织关系',
  'members.transfer_reject': '退回组织关系',
  'members.transfer_accepted': '接收组织关系',
  'members.transfer_refused': '退回组织关系',
  'members.transfer_cancelled': '撤回组织关系转接',
  'orgs.import': '导入组织',
  // 两新 organizations
  'new_orgs.create': '登记两新组织',
  'new_orgs.update': '修改两新组织',
  // organizational life and points
  'org_life.amend': '更正会议记录',
  'org_life.attach': '上传会议附件',
  'org_life.cancel': '取消会议',
  'org_life.export': '导出组织生活台账',
  'points.export': '导出积分',
  // resident requests (the action table's results)
  'service_requests.submit': '提交诉求',
  'service_requests.resolved_on_spot': '就地办结诉求',
  'service_requests.transferred': '转办诉求',
  'service_requests.escalated': '上报诉求',
  'service_requests.escalate_overdue': '超期诉求自动上报',
  'service_requests.completed': '办结诉求',
  'service_requests.confirmed': '确认办理结果',
  'service_requests.reopened': '重新办理诉求',
  'service_requests.promoted': '诉求转为提案',
  'service_requests.read_notifications': '阅读诉求通知',
  // added with leave requests, prints, bookings, satisfaction visits, responsibility and rectification
  'members.print_transfer_letter': '打印组织关系介绍信',
  'org_life.leave_requested': '请假',
  'org_life.leave_approved': '批准请假',
  'org_life.leave_declined': '不批准请假',
  'org_life.leave_withdrawn': '撤回请假',
  'service_centers.reject': '拒绝预约',
  'service_centers.cancel': '取消预约',
  'service_centers.check_in': '预约签到',
  'service_centers.no_show': '预约未到',
  'service_requests.export': '导出民情诉求台账',
  'service_requests.print': '打印诉求办理单',
  'service_requests.rating_corrected': '更正满意度评价',
  'responsibility.list_created': '新建责任清单',
  'responsibility.item_added': '新增清单事项',
  'responsibility.item_revised': '修改清单事项',
  'responsibility.taken': '承接上级清单事项',
  'responsibility.signed': '签字背书',
  'responsibility.progress_reported': '报告事项进展',
  'responsibility.attachment_added': '上传进展附件',
  'rectification.campaign_launched': '发起督查',
  'rectification.campaign_closed': '结束督查',
  'rectification.finding_recorded': '记录督查发现问题',
  'rectification.finding_evidence_added': '上传问题证据',
  'rectification.evidence_added': '上传整改材料',
  'rectification.submitted': '提交整改',
  'rectification.verified': '验收整改',
  'rectification.returned': '退回整改',
  'rectification.closed': '整改销号',
  'rectification.swept': '整改到期提醒与逾期上报',
  'responsibility.breakthrough_created': '确定书记突破项目',
  'responsibility.milestone_reached': '完成突破项目节点',
  'responsibility.breakthrough_finished': '突破项目完成',
  'rectification.bulletin_printed': '打印督查通报',
  'rectification.bulletin_exported': '导出督查通报',
  'rectification.interview_recorded': '记录约谈',
  'rectification.interview_followed_up': '约谈后续跟进',
  'rectification.interview_concluded': '办结约谈',
  'rectification.daily_sweep': '每日整改提醒与逾期上报（定时）',
  // Open311 interchange
  'open311.request': '接收 Open311 诉求',
  'open311.update': 'Open311 诉求状态更新',
  'open311.reveal_email': '查看 Open311 邮箱',
  // proposals, co-building, dual reporting, volunteers
  'proposals.submit': '提交提案',
  'proposals.accepted': '受理提案',
  'proposals.declined': '不予受理提案',
  'proposals.supported': '附议提案',
  'proposals.commented': '评论提案',
  'proposals.meeting_recorded': '记录提案协商会议',
  'proposals.submitted_for_decision': '提案提交决策',
  'proposals.decided': '提案表决',
  'proposals.task_added': '分解提案任务',
  'proposals.task_progress': '更新提案任务进度',
  'proposals.decision_disclosed': '公开提案决议',
  'proposals.result_disclosed': '公开提案实施结果',
  'proposals.confirmed': '居民确认提案办结',
  'proposals.reopened': '居民要求重新办理提案',
  'proposals.returned': '退回提案',
  'co_building.add_unit': '登记共建单位',
  'co_building.record_meeting': '记录联席会议',
  'co_building.record_activity': '记录共建活动',
  'co_building.sign_agreement': '签订共建协议',
  'co_building.solve_issue': '办结共建事项',
  'dual_reporting.register_unit': '单位报到',
  'dual_reporting.register_member': '党员报到',
  'dual_reporting.claim': '认领项目',
  'dual_reporting.complete': '完成项目',
  'dual_reporting.record_service': '登记服务',
  'dual_reporting.confirm_service': '确认服务',
  'dual_reporting.reject_service': '退回服务记录',
  'volunteers.register': '注册志愿者',
  'volunteers.create_team': '成立志愿服务队',
  'volunteers.join_team': '加入志愿服务队',
  'volunteers.create_activity': '发布志愿活动',
  'volunteers.sign_up': '报名志愿活动',
  'volunteers.check_in': '志愿活动签到',
  'volunteers.confirm_hours': '确认志愿服务时长',
  // notifications
  'notifications.read': '标记待办已读',
  // ledgers and prints (people, issue 14)
  'proposals.export': '导出群众提案台账',
  'volunteers.export': '导出志愿服务时长台账',
  'co_building.export': '导出共驻共建活动台账',
  'org_life.print_record': '打印组织生活会议记录',
  // assessment (考核, 评星定级)
  'responsibility.reports_requested': '发起写实调度',
  'responsibility.report_saved': '保存写实调度报告',
  'responsibility.report_refreshed': '按清单进展重新填充调度报告',
  'responsibility.report_submitted': '提交写实调度报告',
  'responsibility.report_returned': '退回写实调度报告',
  'responsibility.report_accepted': '通过写实调度报告',
  'rectification.site_visit_planned': '安排现场观摩',
  'rectification.site_visit_reviewed': '现场观摩评分点评',
  'rectification.site_visit_closed': '结束现场观摩',
  'rectification.gap_list_created': '新建差距清单或赶超任务书',
  'rectification.gap_item_added': '新增差距清单事项',
  'rectification.highlight_nominated': '推荐亮点',
  'rectification.highlight_selected': '入选亮点',
  'rectification.highlight_rejected': '未入选亮点',
  'rectification.highlight_published': '发布亮点',
  'rectification.highlight_kept_as_case': '亮点收入典型案例',
  'assessment.debriefing_created': '组织述职评议',
  'assessment.debriefing_reported': '添加述职',
  'assessment.debriefing_rated': '述职测评',
  'assessment.debriefing_closed': '结束述职评议',
  'assessment.goal_weights_exported': '导出党建工作权重',
  'development.file_added': '上传发展党员材料',
  'development.rules_added': '新增发展党员规则版本',
  'assessment.scheme_created': '新建考核方案',
  'assessment.scheme_published': '发布考核方案',
  'assessment.scores_recomputed': '重新计算考核得分',
  'assessment.score_recomputed': '考核得分随记录变化',
  'assessment.indicator_scored': '考核指标评分',
  'assessment.appeal_filed': '考核申诉',
  'assessment.appeal_answered': '答复考核申诉',
  'assessment.stars_vetoed': '否决降星',
  'assessment.stars_published': '发布星级评定',
  'assessment.reward_recorded': '登记五星奖励',
  // accounts: activation and self-registration (issue 17)
  'accounts.issue_activation': '发放党员激活码',
  'accounts.activate': '党员激活账号',
  'accounts.link_member': '关联党员账号',
  'accounts.sms_code': '发送短信验证码',
  'accounts.register_resident': '居民自助注册',
  // development (发展党员, issue 17)
  'development.apply': '登记入党申请',
  'development.complete_step': '完成发展步骤',
  'development.approve_step': '上级审批/备案发展步骤',
  'development.clear_relative': '核查优亲厚友提示',
  'development.extend_probation': '延长预备期',
  // dues (党费)
  'dues.declared': '申报党费基数',
  'dues.declaration_approved': '审核通过党费基数',
  'dues.declaration_rejected': '退回党费基数申报',
  'dues.paid': '登记党费交纳',
  'dues.reason_recorded': '登记未交党费原因',
  'dues.movement_recorded': '登记党费收缴、上缴或返还',
  'dues.export': '导出党费台账',
  // elections (换届)
  'elections.term_started': '登记任期',
  'elections.adjustment_requested': '申请延期或提前换届',
  'elections.adjustment_approved': '批准延期或提前换届',
  'elections.adjustment_rejected': '不批准延期或提前换届',
  'elections.requested': '换届请示',
  'elections.approved': '批复换届请示',
  'elections.rejected': '不予批复换届',
  'elections.checklist_updated': '更新换届准备工作',
  'elections.nominated': '上报候选人',
  'elections.candidates_approved': '审查同意候选人',
  'elections.voted': '登记选举结果',
  'elections.officers_elected': '登记书记副书记',
  'elections.confirmed': '批准选举结果',
};

/** Kinds of record no module names (their number is shown after the label). */
export const OBJECT_LABELS: Readonly<Record<string, string>> = {
  route: '接口',
  audit_log: '审计日志',
  member_export_request: '导出申请',
  member_list: '党员名册',
  member_transfer: '组织关系转接',
  member_import: '党员导入',
  org_import: '组织导入',
  part_time_member: '兼职委员',
  rule_setting: '规则设置',
  new_org: '两新组织',
  org_life_catalogue: '组织生活目录',
  points_request: '积分申报',
  points_entry: '积分记录',
  category: '诉求类别',
  service_request_rule: '诉求时限规则',
  service_center: '党群服务中心',
  room: '活动室',
  room_booking: '场地预约',
  proposal: '提案',
  proposal_rule: '提案规则',
  open311_api_key: 'Open311 密钥',
  co_building_unit: '共建单位',
  co_building_meeting: '联席会议',
  co_building_issue: '共建事项',
  co_building_agreement: '共建协议',
  co_building_activity: '共建活动',
  dual_reporting_unit: '报到单位',
  dual_reporting_member: '报到党员',
  dual_reporting_project: '报到项目',
  dual_reporting_service: '报到服务',
  volunteer: '志愿者',
  volunteer_team: '志愿服务队',
  volunteer_activity: '志愿活动',
  volunteer_signup: '活动报名',
  work_calendar_year: '工作日历',
  notification: '通知',
  job: '任务',
  assessment_scheme: '考核方案',
  assessment_score: '考核得分',
  phone: '手机号',
  development_case: '发展党员对象',
  dues_declaration: '党费基数申报',
  dues_movement: '党费收支',
  term_adjustment: '延期或提前换届申请',
  election: '换届选举',
};

/** The action's Chinese name, or null when nothing names it (the code then shows in the record's detail). */
export function actionName(registry: ModuleRegistry, code: string): string | null {
  return ACTION_NAMES[code] ?? registry.permissions.get(code as never) ?? null;
}

/** Chinese names of the rows' records (「账号 张三（zhangsan）」) and of their authors, one query per kind. */
export async function nameAuditRows(
  db: Db,
  registry: ModuleRegistry,
  rows: readonly { userId: number | null; objectType: string | null; objectId: string | null }[],
): Promise<{
  objectName: (row: { objectType: string | null; objectId: string | null }) => string | null;
  userName: (userId: number | null) => string | null;
}> {
  const idsByType = new Map<string, Set<string>>();
  const add = (type: string, id: string) => {
    if (!idsByType.has(type)) idsByType.set(type, new Set());
    idsByType.get(type)?.add(id);
  };
  for (const r of rows) {
    if (r.objectType && r.objectId) add(r.objectType, r.objectId);
    if (r.userId !== null) add('user', String(r.userId));
  }
  const names = new Map<string, Map<string, string>>();
  for (const [type, ids] of idsByType) {
    const load = registry.auditObjects.get(type)?.names;
    if (load) names.set(type, await load(db, [...ids]));
  }
  return {
    objectName: ({ objectType, objectId }) => {
      if (!objectType) return null;
      const label = registry.auditObjects.get(objectType)?.label ?? OBJECT_LABELS[objectType] ?? '其他对象';
      if (!objectId) return label;
      const name = names.get(objectType)?.get(objectId);
      if (name) return `${label} ${name}`;
      return /^\d+$/.test(objectId) ? `${label} #${objectId}` : `${label} ${objectId}`;
    },
    userName: (userId) => (userId === null ? null : (names.get('user')?.get(String(userId)) ?? null)),
  };
}
