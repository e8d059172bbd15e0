/** The dashboard's texts (front/workspace). */
export const dashboard = {
  empty: "暂无数据",
};
