/** The app's validated config object (a subclass of BaseConfig). */
export const CONFIG = Symbol('CONFIG');
