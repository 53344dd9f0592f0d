// The signing rules moved to libs/http (the online monitoring integration signs the same way).
export * from '@permits/http/signed-request';
