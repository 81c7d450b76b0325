/** Default BOB and CRM schemas (DESIGN §5); every name can be overridden in the configuration. */
import type { BobSchema, CrmSchema } from './types.js';

/** A BOB code: up to 10 capital letters, digits, `_` or `-` (BOB's `CID`). */
export const DEFAULT_BOB_ID_PATTERN = '^[A-Z0-9_-]{1,10}$';

export function defaultBobSchema(): BobSchema {
  return {
    schema: 'dbo',
    companyTable: 'AC_COMPAN',
    contactTable: 'AC_CONTACT',
    company: {
      id: 'CID', isCustomer: 'CCUSTYPE', isSupplier: 'CSUPTYPE', name: 'CNAME1', name2: 'CNAME2',
      address1: 'CADDRESS1', address2: 'CADDRESS2', postcode: 'CZIPCODE', locality: 'CLOCALITY', country: 'CCOUNTRY',
      language: 'CLANGUAGE', vatRef: 'CVATREF', vatNo: 'CVATNO', phone: 'CTELNO', fax: 'CFAXNO', email: 'EMAILADDRESS',
      website: 'HTTPADDRESS', isPerson: 'CISPERS', modifiedOn: 'MODIFIEDON',
    },
    contact: {
      id: 'PERSID', companyId: 'PCID', lastName: 'PNAME', firstName: 'PFIRSTNAME', title: 'PTITLE',
      phone: 'PTELNO', mobile: 'PGSM', email: 'PEMAIL', language: 'PLANGUAGE',
    },
  };
}

export function defaultCrmSchema(): CrmSchema {
  return {
    company: {
      id: 'comp_companyid', name: 'comp_name', type: 'comp_type', status: 'comp_status', website: 'comp_website',
      email: 'comp_emailaddress', phone: 'comp_phonenumber', bobSync: 'comp_bobsync', vat: 'comp_vatnumber', bobId: 'comp_bobid',
    },
    person: {
      id: 'pers_personid', companyId: 'pers_companyid', firstName: 'pers_firstname', lastName: 'pers_lastname',
      title: 'pers_title', email: 'pers_emailaddress', phone: 'pers_phonenumber',
    },
    address: {
      id: 'addr_addressid', companyId: 'addr_companyid', address1: 'addr_address1', address2: 'addr_address2',
      postcode: 'addr_postcode', city: 'addr_city', country: 'addr_country',
    },
    customerType: 'Customer',
  };
}
