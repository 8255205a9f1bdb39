import type { RouteDocs } from '../../platform/openapi.ts';

/** operationId (`service-centers.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const serviceCentersDocs: RouteDocs = {
  module: 'service-centers',
  operations: {
    'GET /api/v1/service-centers': ['listCenters', '党群服务中心列表'],
    'GET /api/v1/service-centers/{id}': ['getCenter', '党群服务中心详情'],
    'POST /api/v1/orgs/{id}/service-centers': ['createCenter', '登记党群服务中心'],
    'POST /api/v1/service-centers/{id}/rooms': ['addRoom', '增加场馆'],
    'GET /api/v1/service-centers/{id}/bookings': ['listBookings', '场馆预约列表'],
    'POST /api/v1/service-center-rooms/{id}/bookings': ['bookRoom', '预约场馆'],
    'POST /api/v1/room-bookings/{id}/approve': ['approveBooking', '批准预约'],
    'POST /api/v1/room-bookings/{id}/reject': ['rejectBooking', '驳回预约'],
    'POST /api/v1/room-bookings/{id}/cancel': ['cancelBooking', '取消预约'],
    'POST /api/v1/room-bookings/{id}/check-in': ['checkInBooking', '预约签到'],
    'POST /api/v1/room-bookings/{id}/no-show': ['markNoShow', '登记爽约'],
  },
};
