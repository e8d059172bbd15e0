import { weightedKeywords, type Category } from "../../config/schema";
import type { Directory } from "../../config/directory";

/** A category as an Open311 service. */
export function serviceJson(category: Category, directory: Directory) {
  const keywords = weightedKeywords(category).map((k) => k.word);
  return {
    service_code: category.id,
    service_name: category.name,
    description: keywords.length > 0 ? keywords.join("、") : category.name,
    // Every service takes the two optional attributes below.
    metadata: true,
    type: "realtime",
    keywords: keywords.join(","),
    group: directory.departmentForCategory(category.id).name,
  };
}

/** The attributes a request may carry (`attribute[community]`, `attribute[urgent]`), as Open311 describes them. */
export function serviceDefinitionJson(category: Category, directory: Directory) {
  return {
    service_code: category.id,
    attributes: [
      {
        variable: true,
        code: "community",
        datatype: "singlevaluelist",
        required: false,
        datatype_description: "The community (社区/村) where the problem is; inferred from the description when left out.",
        order: 1,
        description: "社区",
        values: directory.communities.map((c) => ({ key: c.id, name: c.name })),
      },
      {
        variable: true,
        code: "urgent",
        datatype: "singlevaluelist",
        required: false,
        datatype_description: "true to handle as urgent (answer within hours); words like 燃气泄漏 in the description make it urgent anyway.",
        order: 2,
        description: "紧急",
        values: [
          { key: "true", name: "紧急" },
          { key: "false", name: "一般" },
        ],
      },
    ],
  };
}
