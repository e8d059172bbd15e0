/** The inbox's texts (front/workspace). */
export const inbox = {
  empty: "暂无案件",
};
