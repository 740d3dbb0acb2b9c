/** Password rule shared by the form and the server: 8+ characters from at least three classes. */
export function passwordProblem(pw: string): string | null {
  if (pw.length < 8) return '密码至少8位';
  if (pw.length > 128) return '密码不超过128位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < 3) return '密码需包含大写字母、小写字母、数字、符号中的至少三类';
  return null;
}
