/** A git identity for commits tests make, so they pass on machines with no git config. */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "rampart tests",
  GIT_AUTHOR_EMAIL: "tests@rampart.invalid",
  GIT_COMMITTER_NAME: "rampart tests",
  GIT_COMMITTER_EMAIL: "tests@rampart.invalid",
};
