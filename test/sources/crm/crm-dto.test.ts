import { expect } from 'chai';
import { defaultCrmSchema } from '../../../src/config/defaults.js';
import {
  addressFromDto,
  companyFromDto,
  companyToDto,
  lowerCaseKeys,
  personFromDto,
  personToDto,
} from '../../../src/sources/crm/crm-dto.js';

const schema = defaultCrmSchema();

describe('companyFromDto', () => {
  it('maps an entry to an engine company: ids as strings, nulls as empty, Y as ticked', () => {
    const dto = lowerCaseKeys({
      $key: '43',
      Comp_CompanyId: 43,
      comp_name: '  Brasserie Dupont ',
      comp_type: 'Customer',
      comp_status: null,
      comp_bobsync: 'Y',
      comp_vatnumber: 'BE 0403.019.261',
      comp_bobid: null,
      comp_sector: 'Horeca',
    });
    const company = companyFromDto(dto, schema, ['comp_sector'], null);
    expect(company).to.deep.equal({
      id: '43',
      name: 'Brasserie Dupont',
      type: 'Customer',
      status: '',
      website: '',
      email: '',
      phone: '',
      bobSync: true,
      vat: 'BE 0403.019.261',
      bobId: '',
      address: null,
      custom: { comp_sector: 'Horeca' },
    });
  });

  it('treats anything but Y as unticked and falls back to $key for the id', () => {
    const company = companyFromDto(lowerCaseKeys({ $key: '7', comp_bobsync: 'N' }), schema, [], null);
    expect(company.bobSync).to.equal(false);
    expect(company.id).to.equal('7');
  });
});

describe('personFromDto', () => {
  it('maps an entry to an engine person', () => {
    const dto = lowerCaseKeys({ pers_personid: 5, pers_companyid: 43, pers_firstname: 'Anne', pers_lastname: 'Peeters', pers_title: null });
    expect(personFromDto(dto, schema)).to.deep.equal({
      id: '5',
      companyId: '43',
      firstName: 'Anne',
      lastName: 'Peeters',
      title: '',
      email: '',
      phone: '',
    });
  });
});

describe('addressFromDto', () => {
  it('maps an entry to an engine address', () => {
    const dto = lowerCaseKeys({ addr_addressid: 9, addr_address1: 'Rue Haute 1', addr_postcode: 1000, addr_city: 'Bruxelles', addr_country: 'BE' });
    expect(addressFromDto(dto, schema)).to.deep.equal({
      id: '9',
      address1: 'Rue Haute 1',
      address2: '',
      postcode: '1000',
      city: 'Bruxelles',
      country: 'BE',
    });
  });
});

describe('companyToDto', () => {
  it('writes only the keys present, with custom fields by name', () => {
    expect(companyToDto({ name: 'Dupont', bobId: 'DUPONT', custom: { comp_sector: 'Horeca' } }, schema)).to.deep.equal({
      comp_name: 'Dupont',
      comp_bobid: 'DUPONT',
      comp_sector: 'Horeca',
    });
  });

  it('sends a ticked BobSync box as Y and an unticked one as null', () => {
    expect(companyToDto({ bobSync: true }, schema)).to.deep.equal({ comp_bobsync: 'Y' });
    expect(companyToDto({ bobSync: false }, schema)).to.deep.equal({ comp_bobsync: null });
  });
});

describe('personToDto', () => {
  it('writes only the keys present', () => {
    expect(personToDto({ lastName: 'Peeters', email: '' }, schema)).to.deep.equal({ pers_lastname: 'Peeters', pers_emailaddress: '' });
  });
});
