/** The workspace's frame: its name, the places in it, signing in and out. */
export const workspace = {
  title: "工作台",
  signOut: "退出",
  nav: { inbox: "我的案件", case: "案件", groupChat: "群聊", ledger: "台账", stats: "统计", deadLetters: "未送达" },
  signIn: {
    account: "账号",
    password: "密码",
    submit: "登录",
    missing: "请填写账号和密码",
    wrong: "账号或密码不对",
    tooMany: "尝试次数过多，请稍后再试",
  },
};
