import { renewRegistration } from './registration-renewal';

describe(renewRegistration.name, () => {
  it('keeps the registration number and runs five more years from the day after the current validity', () => {
    expect(renewRegistration({ permitNo: 'DJ-2021-000042', validTo: '2026-03-14' }, '2026-01-10', 5)).toEqual({
      permitNo: 'DJ-2021-000042',
      from: '2026-03-15',
      validTo: '2031-03-14',
    });
  });

  it('filed on the last valid day still continues without a gap', () => {
    expect(renewRegistration({ permitNo: 'DJ-2021-000001', validTo: '2026-12-31' }, '2026-12-31', 5)).toMatchObject({
      from: '2027-01-01',
      validTo: '2031-12-31',
    });
  });

  it('never back-dates: a registration already ended runs from the filing day', () => {
    expect(renewRegistration({ permitNo: 'DJ-2020-000007', validTo: '2025-06-30' }, '2026-02-01', 5)).toEqual({
      permitNo: 'DJ-2020-000007',
      from: '2026-02-01',
      validTo: '2031-01-31',
    });
  });

  it('a leap-day validity end moves to 28 February in a common year', () => {
    expect(renewRegistration({ permitNo: 'DJ-2023-000003', validTo: '2028-02-28' }, '2028-01-05', 5)).toMatchObject({
      from: '2028-02-29',
      validTo: '2033-02-27',
    });
  });
});
