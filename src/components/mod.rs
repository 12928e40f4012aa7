//! Presentational pieces shared by the route pages.

pub mod article_card;
pub mod comment_form;
pub mod comment_thread;
pub mod error_view;
pub mod page;
pub mod pager;
pub mod site_chrome;
