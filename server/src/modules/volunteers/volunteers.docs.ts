import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`volunteers.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const volunteersDocs: RouteDocs = {
  module: 'volunteers',
  operations: {
    'GET /api/v1/volunteers': ['listVolunteers', '志愿者列表'],
    'POST /api/v1/orgs/{id}/volunteers': ['registerVolunteer', '登记志愿者'],
    'POST /api/v1/orgs/{id}/volunteers/me': ['registerMe', '本人注册志愿者'],
    'GET /api/v1/volunteer-teams': ['listTeams', '志愿服务队列表'],
    'POST /api/v1/orgs/{id}/volunteer-teams': ['createTeam', '成立志愿服务队'],
    'POST /api/v1/volunteer-teams/{id}/members': ['addTeamMembers', '志愿服务队增加成员'],
    'GET /api/v1/volunteer-activities': ['listActivities', '志愿活动列表'],
    'GET /api/v1/volunteer-activities/{id}': ['getActivity', '志愿活动详情'],
    'POST /api/v1/orgs/{id}/volunteer-activities': ['createActivity', '发布志愿活动'],
    'POST /api/v1/volunteer-activities/{id}/signup': ['signUp', '报名志愿活动'],
    'POST /api/v1/volunteer-activities/{id}/signups/{signupId}/check-in': ['checkIn', '志愿活动签到'],
    'POST /api/v1/volunteer-activities/{id}/signups/{signupId}/confirm': ['confirmHours', '确认志愿服务时长'],
    'GET /api/v1/volunteers/ledger.xlsx': ['exportHoursLedger', '导出志愿服务时长台账（Excel）'],
  },
};
