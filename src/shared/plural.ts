/** "1 request", "3 requests": a count and its word, singular for one. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
