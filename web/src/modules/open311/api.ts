import { open311Endpoints } from '../../../../server/src/modules/open311/open311.contract.ts';
import { type Answer, createClient } from '../../shared/client.ts';

/** The Open311 client of the web's own pages, built from the contract's endpoint table. */
export const open311Api = createClient(open311Endpoints);
export type ApiKey = Answer<typeof open311Endpoints.keys>['data'][number];
export type ServiceSetting = Answer<typeof open311Endpoints.services>['data'][number];
export type RequestDetails = Answer<typeof open311Endpoints.requestDetails>['data'];
