// STS meter numbers: 11 digits (or 13 with a longer manufacturer code) whose last digit is a Luhn
// check digit over the rest.

export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Append the Luhn check digit to a body of digits. */
export function withLuhnCheckDigit(body: string): string {
  if (!/^[0-9]+$/.test(body)) throw new Error('a meter number body is digits only');
  return `${body}${luhnCheckDigit(body)}`;
}

/** True for an 11- or 13-digit STS meter number whose check digit is right. */
export function isValidStsMeterNumber(meterId: string): boolean {
  if (!/^(?:[0-9]{11}|[0-9]{13})$/.test(meterId)) return false;
  return luhnCheckDigit(meterId.slice(0, -1)) === Number(meterId.slice(-1));
}
